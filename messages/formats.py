"""Months and numbers as the report writes them: ``May 2017``, ``12,020``, ``12.1%``, ``79.7%``.

Conventions: count values are totals; proportion values are fractions (0.797 = 79.7%);
``YearOnYear.percent`` is already a percentage (38.9 = 38.9%).
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Sequence

from detectors.finding import Limits
from messages.model import IndicatorInfo
from months import add_months, year_month

# Months ---------------------------------------------------------------------------------------


def month_long(month: str) -> str:
    """``2017-05`` -> ``May 2017``."""
    year, m = year_month(month)
    return f"{calendar.month_name[m]} {year}"


def month_short(month: str) -> str:
    """``2017-05`` -> ``May 2017`` with the month abbreviated (``Jun 2014``)."""
    year, m = year_month(month)
    return f"{calendar.month_abbr[m]} {year}"


def month_end_long(month: str) -> str:
    """``2017-06`` -> ``30th June 2017``, as the report dates its period."""
    year, m = year_month(month)
    day = calendar.monthrange(year, m)[1]
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix} {calendar.month_name[m]} {year}"


def in_year_periods(as_of: str) -> tuple[str, str]:
    """The report's two periods: ``('Jun 2016 to May 2017', 'Jun 2015 to May 2016')``."""
    return (
        f"{month_long(add_months(as_of, -11))} to {month_long(as_of)}",
        f"{month_long(add_months(as_of, -23))} to {month_long(add_months(as_of, -12))}",
    )


# Numbers --------------------------------------------------------------------------------------


def number(x: float) -> str:
    """``12020`` -> ``12,020``; ``15.34`` -> ``15.3``; ``3416.7`` -> ``3,417``: a decimal only
    where it tells something (below 100), and whole numbers lose their ``.0``."""
    if not math.isfinite(x):
        return "n/a"
    text = f"{x:,.1f}" if abs(x) < 100 else f"{x:,.0f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


def whole(x: float) -> float:
    """A 12-month total to the nearest one: annualised totals are estimates, not fractions."""
    return float(round(x)) if math.isfinite(x) else x


def signed(x: float) -> str:
    """``210`` -> ``+210``; ``-170`` -> ``-170``."""
    text = number(x)
    return text if text.startswith("-") or text in ("0", "n/a") else f"+{text}"


def percentage(p: float) -> str:
    """An already-multiplied percentage: ``12.1`` -> ``12.1%``; ``13.0`` -> ``13%``;
    ``612.5`` -> ``612.5%``: one decimal, as the report writes them, and two below 1% (its
    officers "up 0.14%"), where one would round a real change to nothing."""
    if not math.isfinite(p):
        return "n/a"
    text = f"{p:,.2f}".rstrip("0") if abs(p) < 0.995 else f"{p:,.1f}"
    text = text.removesuffix(".0").removesuffix(".")
    return f"{text}%".replace("-0%", "0%")


def proportion(x: float) -> str:
    """A fraction as a percentage: ``0.797`` -> ``79.7%``."""
    return percentage(x * 100)


def level(x: float, indicator: IndicatorInfo) -> str:
    """A value on the indicator's scale without its noun: ``15.3`` or ``79.7%``."""
    return proportion(x) if indicator.unit == "proportion" else number(x)


def shown_lower(limits: Limits, indicator: IndicatorInfo) -> float:
    """The lower control limit as shown: a count cannot fall below zero."""
    return max(limits.lower, 0.0) if indicator.unit == "count" else limits.lower


def figure(x: float, indicator: IndicatorInfo) -> str:
    """A value with its noun: ``33 robberies``; a proportion: ``79.7%``."""
    return proportion(x) if indicator.unit == "proportion" else f"{number(x)} {indicator.noun}"


def points(x: float) -> str:
    """A difference of two fractions in points: ``-0.029`` -> ``2.9 percentage points``."""
    return f"{number(abs(x) * 100)} percentage points"


def plural(n: int, word: str) -> str:
    """``1 month``, ``2 months``."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def sparkline(values: Sequence[float]) -> str:
    """A one-line picture of a series for a phone; a missing month (NaN) is a middle dot."""
    bars = "▁▂▃▄▅▆▇█"
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return "·" * len(values)
    low, high = min(finite), max(finite)
    span = (high - low) or 1.0
    return "".join(
        bars[round((v - low) / span * (len(bars) - 1))] if math.isfinite(v) else "·" for v in values
    )


def value_shown(value: float, indicator: IndicatorInfo) -> float:
    """A month's value as printed: a count (which may be a share of crimes with no location)
    as a whole number."""
    return float(round(value)) if indicator.unit == "count" and math.isfinite(value) else value


def upper_shown(limits: Limits, indicator: IndicatorInfo) -> float:
    """The upper limit as printed: for a count, the largest whole count inside it."""
    up = limits.upper
    return float(math.floor(up)) if indicator.unit == "count" and math.isfinite(up) else up


def lower_shown(limits: Limits, indicator: IndicatorInfo) -> float:
    """The lower limit as printed: for a count, the smallest whole count (not below zero)
    inside it."""
    low = shown_lower(limits, indicator)
    return float(math.ceil(low)) if indicator.unit == "count" and math.isfinite(low) else low
