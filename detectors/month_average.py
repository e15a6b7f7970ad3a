"""A month against its average: the mean of the months before it, over the same window the
detectors judge it by (the 36 months before, the report's "three-year average", cut at the
last classification break), for ``show``. A plain mean: no seasonal shape, no limits; saying
whether the month is exceptional is the detectors' job, not this one's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from detectors.baseline import last_cut
from detectors.series_arrays import monthly_arrays
from detectors.settings import DEFAULT_SETTINGS, Settings
from months import to_month, to_ordinal


@dataclass(frozen=True)
class MonthAverage:
    month: str  # YYYY-MM
    value: float
    average: float  # mean of the months with data in the window
    first: str  # first month with data in the window
    last: str  # last month with data before ``month``
    points: int  # months with data in the window
    # Why the window starts where it does, as Evidence.baseline_since: "" (the full window),
    # "counting-change" (a classification break) or "data-start" (the data begin later).
    since: str = ""
    # flow: the average is a month's count (so many a month); stock or proportion: a level.
    measure: Literal["flow", "stock", "proportion"] = "flow"


def month_against_average(
    values: pd.Series,
    month: str,
    *,
    breaks: Sequence[str] = (),
    measure: Literal["flow", "stock", "proportion"] = "flow",
    settings: Settings = DEFAULT_SETTINGS,
) -> MonthAverage | None:
    """``month``'s value against the mean of the ``settings.baseline_months`` before it (from
    the last break if later); None when the month has no value, starts a new baseline, or has
    fewer than ``settings.min_baseline_points`` months with data before it."""
    ordinals, data = monthly_arrays(values)
    at = to_ordinal(month)
    here = data[ordinals == at]
    if here.size == 0 or not np.isfinite(here[0]):
        return None
    cut = last_cut(sorted(to_ordinal(b) for b in breaks), at)
    if cut == at:
        return None  # a classification break starts a new baseline: nothing to set it beside
    window_start = at - settings.baseline_months
    start = window_start if cut is None else max(window_start, cut)
    known = np.isfinite(data)
    inside = known & (ordinals >= start) & (ordinals < at)
    if inside.sum() < settings.min_baseline_points:
        return None
    first_known = int(ordinals[known][0])
    since = "counting-change" if start > window_start else ""
    if not since and first_known > window_start:
        since = "data-start"
    return MonthAverage(
        month=month,
        value=float(here[0]),
        average=float(np.mean(data[inside])),
        first=to_month(int(ordinals[inside][0])),
        last=to_month(int(ordinals[inside][-1])),
        points=int(inside.sum()),
        since=since,
        measure=measure,
    )
