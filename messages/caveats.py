"""The small-numbers caveat, in one wording for Slack and the HTML report alike. Whether it is
needed is detectors.small_numbers' rule; this says it."""

from __future__ import annotations

from detectors.small_numbers import LARGE_PERCENT

SHORT = "small numbers"  # a table cell's caveat: "Up 550% (+77 crimes), small numbers"


def small_numbers_note(percent: float, subject: str = "") -> str:
    """The report's caveat, for a sentence of its own ("Please be aware that ..."):
    ``large percentage changes can be attributable to the small numbers involved in Modern
    Slavery figures``; a smaller change: ``fluctuations in the percentage changes ...``."""
    involved = (
        f"the small numbers involved in {subject} figures"
        if subject
        else ("the small numbers involved")
    )
    if abs(percent) >= LARGE_PERCENT:
        return f"large percentage changes can be attributable to {involved}"
    return f"fluctuations in the percentage changes will be attributable to {involved}"
