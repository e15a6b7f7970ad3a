"""Month keys: every table stores months as ``YYYY-MM`` text, which sorts in time order."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def is_month(text: str) -> bool:
    return bool(_MONTH.match(text))


def normalise_month(text: str) -> str | None:
    """``YYYY-MM`` from ``YYYY-MM`` or ``YYYY-MM-DD`` (first day, as some extracts write it)."""
    text = text.strip()
    if len(text) == 10 and text[7] == "-" and text.endswith("-01"):
        text = text[:7]
    return text if is_month(text) else None


# The earliest months anyone publishes: data.police.uk's street-level files begin in December
# 2010; the Home Office's recorded-crime tables begin with the year 2002/03 (April 2002).
FIRST_STREET_MONTH = "2010-12"
FIRST_PUBLISHED_MONTH = "2002-04"


def add_months(month: str, n: int) -> str:
    year, number = divmod(int(month[:4]) * 12 + int(month[5:7]) - 1 + n, 12)
    return f"{year:04d}-{number + 1:02d}"


@dataclass(frozen=True)
class MonthWindow:
    """The months a figure can plausibly be for: from the first published to the current
    month (plus any allowed ahead); anything outside is a typing slip, not data."""

    first: str
    last: str

    def __contains__(self, month: object) -> bool:
        return isinstance(month, str) and self.first <= month <= self.last

    def expected(self) -> str:
        return f"a month from {self.first} to {self.last}"
