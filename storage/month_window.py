"""The months a figure can plausibly be for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from months import add_months

# The earliest months anyone publishes: data.police.uk's street-level files begin in December
# 2010; the Home Office's recorded-crime tables begin with the year 2002/03 (April 2002).
FIRST_STREET_MONTH = "2010-12"
FIRST_PUBLISHED_MONTH = "2002-04"


@dataclass(frozen=True)
class MonthWindow:
    """From the first published month to the current month (plus any allowed ahead);
    anything outside is a typing slip, not data."""

    first: str
    last: str

    def __contains__(self, month: object) -> bool:
        return isinstance(month, str) and self.first <= month <= self.last

    def expected(self) -> str:
        return f"a month from {self.first} to {self.last}"


@dataclass(frozen=True)
class MonthWindows:
    """The window of street-level files, and of every other figure (long-format values, Home
    Office period ends, classification breaks)."""

    street: MonthWindow
    published: MonthWindow

    @classmethod
    def at(cls, now: datetime, months_ahead: int = 0) -> MonthWindows:
        """The windows of an ingest at ``now``: to its month plus ``months_ahead``."""
        last = add_months(now.strftime("%Y-%m"), months_ahead)
        return cls(MonthWindow(FIRST_STREET_MONTH, last), MonthWindow(FIRST_PUBLISHED_MONTH, last))
