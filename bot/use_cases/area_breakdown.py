"""The figures behind the "Breakdown by area" reply (messages.breakdown renders it): the alert's
month in each area inside the alert's area, against each one's own three-year average, the
largest rise first."""

from __future__ import annotations

import math

import pandas as pd
from sqlite_utils import Database

from messages.inputs import AreaMonth
from storage.areas import Area, list_areas
from storage.catalogue import Indicator
from storage.series import series

BASELINE_MONTHS = 36  # the report's "three-year mean"


def area_month(values: pd.Series, area: Area, month: str) -> AreaMonth:
    months = [str(m) for m in values.index]
    if month not in months:
        return AreaMonth(area.name, math.nan, math.nan)
    at = months.index(month)
    earlier = values.iloc[max(0, at - BASELINE_MONTHS) : at].dropna()
    return AreaMonth(
        area.name, float(values.iloc[at]), float(earlier.mean()) if len(earlier) else math.nan
    )


def breakdown(db: Database, indicator: Indicator, area: str, month: str) -> list[AreaMonth]:
    """The areas directly inside ``area``, largest rise on their average first."""
    children = [a for a in list_areas(db) if a.parent == area]
    rows = [area_month(series(db, indicator.slug, child.slug), child, month) for child in children]
    return sorted(rows, key=lambda r: -r.ratio if math.isfinite(r.ratio) else math.inf)
