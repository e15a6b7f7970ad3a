"""The months a figure can plausibly be for."""

from __future__ import annotations

from dataclasses import dataclass

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
