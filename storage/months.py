"""Month keys: every table stores months as ``YYYY-MM`` text, which sorts in time order."""

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
