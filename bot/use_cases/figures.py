"""Series, year-on-year figures and a month against its average for one indicator in one area,
as replies and alerts use them."""

from __future__ import annotations

import pandas as pd
from sqlite_utils import Database

from detectors.finding import YearOnYear
from detectors.month_average import MonthAverage, month_against_average
from detectors.year_on_year import year_on_year
from storage.catalogue import Indicator, classification_breaks
from storage.series import series, series_with_denominator


def year_on_year_of(
    db: Database, indicator: Indicator, area: str, values: pd.Series, month: str
) -> YearOnYear | None:
    """In Year against the Previous 12 Months to ``month``; proportions use their respondents."""
    denominators = (
        series_with_denominator(db, indicator.slug, area)["denominator"]
        if indicator.unit == "proportion"
        else None
    )
    return year_on_year(
        values,
        indicator=indicator.slug,
        area=area,
        as_of=month,
        unit=indicator.unit,
        measure=indicator.measure,
        denominators=denominators,
    )


def latest_month(db: Database, force: str) -> str | None:
    """The force's latest month with data (all crime)."""
    known = series(db, "all-crime", force).dropna()
    return str(known.index[-1]) if len(known) else None


def month_average_of(
    db: Database, indicator: Indicator, values: pd.Series, month: str
) -> MonthAverage | None:
    """``month`` against the months before it, cut at the indicator's classification breaks."""
    breaks = [b.month for b in classification_breaks(db) if b.indicator == indicator.slug]
    return month_against_average(values, month, breaks=breaks, measure=indicator.measure)
