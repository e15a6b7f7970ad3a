"""The data's caveats, each in one wording: small numbers (whether it is needed is
detectors.small_numbers' rule; this says it), and a division's or district's share of the
crimes with no location."""

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


def located_note(area: str) -> str:
    """Why a division's or district's count in an alert is not the one its own records give:
    detection counts its share of the force's crimes with no recorded location (each
    category's, in proportion to where its located crimes are), so that a change in how
    crimes are located is no change in crime."""
    return f"{area}'s counts include its share of the force's crimes with no recorded location"
