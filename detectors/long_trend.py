"""A long trend and since when: "Domestic Abuse Crime has been on an upward trend since
February 2015".

The series (from its last classification break) is segmented by the change-point search
(detectors.change_points: steps, or lines whose slope changes, with the season allowed for);
the trend is that of the last segment, from its first month. It is told when the segment has
at least MIN_MONTHS months and its slope (log-linear, seasonally adjusted, with standard errors
that allow for autocorrelated months: Newey-West) is significant. A step change is not a trend:
after one the last segment is flat unless it rises again. The run rule of detectors.trend
(seven months rising in a row) answers another question, "is it rising now?", and is left to
the alerts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm

from detectors.change_points import change_points
from detectors.finding import Direction
from detectors.months import monthly_arrays, to_month, to_ordinal
from detectors.seasonal import seasonality

MIN_MONTHS = 12  # a year at least: a shorter rise is news, not a trend
ALPHA = 0.05
HAC_LAGS = 3  # months of autocorrelation allowed for in the slope's standard error


@dataclass(frozen=True)
class LongTrend:
    indicator: str
    area: str
    as_of: str
    direction: Direction
    since: str  # YYYY-MM, the first month of the trend
    months: int  # observed months in it
    percent_a_year: float  # the fitted change a year, seasonally adjusted
    p_value: float
    from_start: bool  # the trend runs from the first month of the data (or of a break)


def long_trend(
    series: pd.Series,
    *,
    indicator: str,
    area: str,
    as_of: str,
    breaks: Sequence[str] = (),
    alpha: float = ALPHA,
) -> LongTrend | None:
    """The trend of the series to ``as_of`` since its last change point, if significant.
    ``breaks``: months where a classification break starts a new series."""
    ordinals, values = monthly_arrays(series)
    month = to_ordinal(as_of)
    begin = max((to_ordinal(b) for b in breaks if to_ordinal(b) <= month), default=None)
    keep = (ordinals <= month) & (ordinals >= (begin if begin is not None else ordinals[0]))
    ordinals, values = ordinals[keep], values[keep]
    observed = np.isfinite(values)
    if observed.sum() < MIN_MONTHS or np.any(values[observed] < 0):
        return None
    starts = change_points(values)
    first = starts[-1] if starts else int(np.flatnonzero(observed)[0])
    season = seasonality(
        ordinals[observed], values[observed], cuts=[int(ordinals[s]) for s in starts]
    )
    segment = observed & (np.arange(values.size) >= first)
    if segment.sum() < MIN_MONTHS:
        return None
    times = ordinals[segment].astype(float)
    adjusted = values[segment] / season.factor(ordinals[segment])
    design = sm.add_constant((times - times.mean()) / 12)  # slope per year
    fit = sm.OLS(np.log(adjusted + 0.5), design).fit(cov_type="HAC", cov_kwds={"maxlags": HAC_LAGS})
    slope, p_value = float(fit.params[1]), float(fit.pvalues[1])
    if not p_value < alpha:
        return None
    return LongTrend(
        indicator=indicator,
        area=area,
        as_of=as_of,
        direction="up" if slope > 0 else "down",
        since=to_month(int(ordinals[segment][0])),
        months=int(segment.sum()),
        percent_a_year=100 * (math.exp(slope) - 1),
        p_value=p_value,
        from_start=not starts,
    )
