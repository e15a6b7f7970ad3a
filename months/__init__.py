"""Months, one way everywhere: ``YYYY-MM`` text in storage, findings and messages (it sorts in
time order), and integer ordinals (``year * 12 + month - 1``) where code does arithmetic on
them. Series carry pandas ``Period`` indexes; this module is for the single months around them.

Shared by every layer, so it depends on nothing but the standard library.
"""

from __future__ import annotations

import re

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def is_month(text: str) -> bool:
    return bool(_MONTH.match(text))


def normalise_month(text: str) -> str | None:
    """``YYYY-MM`` from ``YYYY-MM`` or ``YYYY-MM-DD`` (first day, as some extracts write it)."""
    text = text.strip()
    if len(text) == 10 and text[7] == "-" and text.endswith("-01"):
        text = text[:7]
    return text if is_month(text) else None


def year_month(month: str) -> tuple[int, int]:
    match = _MONTH.match(month)
    if match is None:
        raise ValueError(f"not a YYYY-MM month: {month!r}")
    return int(match.group(1)), int(match.group(2))


def to_ordinal(month: str) -> int:
    year, number = year_month(month)
    return year * 12 + number - 1


def to_month(ordinal: int) -> str:
    year, month0 = divmod(int(ordinal), 12)
    return f"{year:04d}-{month0 + 1:02d}"


def add_months(month: str, n: int) -> str:
    return to_month(to_ordinal(month) + n)


def months_between(first: str, last: str) -> int:
    """Months from ``first`` to ``last`` inclusive."""
    return to_ordinal(last) - to_ordinal(first) + 1


def month_range(first: str, last: str) -> list[str]:
    """``first`` .. ``last`` inclusive, oldest first."""
    return [to_month(o) for o in range(to_ordinal(first), to_ordinal(last) + 1)]
