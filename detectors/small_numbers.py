"""When a percentage rests on a small count: the one rule for every message that prints one.

The report's caveat: "large percentage changes can be attributable to the small numbers
involved" (Modern Slavery "up 612.5%" on 8 crimes the year before). Below SMALL_NUMBERS in the
base of a percentage, a change of a handful of crimes moves it by tens of percent.
"""

from __future__ import annotations

from detectors.finding import YearOnYear

SMALL_NUMBERS = 50  # a percentage of fewer than this many rests on small numbers
LARGE_PERCENT = 50  # a change this large (in percent) on small numbers: "large percentage"


def rests_on_small_numbers(base: float, percent: float | None) -> bool:
    """Whether a percentage change of ``percent`` on ``base`` (the earlier figure) needs the
    small-numbers caveat. No percentage, no caveat."""
    return percent is not None and 0 < base < SMALL_NUMBERS


def small_numbers(yoy: YearOnYear) -> bool:
    """The caveat for an In Year comparison of counts (proportions change in points)."""
    return yoy.unit == "count" and rests_on_small_numbers(yoy.previous, yoy.percent)
