"""A long trend and since when: "Domestic Abuse Crime has been on an upward trend since
February 2015".

Segmented ("broken-stick") regression on the log of the seasonally adjusted series, from its
last classification break: a level until a month, a straight line from it, continuous at the
join, the join chosen by least squares over every month that leaves MIN_MONTHS after it (a
join at the first month is a line from the start). The trend is told when that fits better
than the best single step (a step change is not a trend: the alerts tell it) and its slope is
significant at ALPHA, with standard errors that allow for autocorrelated months (Newey-West).
The change-point search of detectors.change_points is built for steps and cuts a steady rise
into several (on a rise of 2% a month from February 2015 it put the last break in 2016), so it
does not date a trend; the run rule of detectors.trend (seven months rising in a row) answers
"is it rising now?" and is left to the alerts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm

from detectors.finding import Direction
from detectors.seasonal import seasonality
from detectors.series_arrays import monthly_arrays
from months import to_month, to_ordinal

MIN_MONTHS = 12  # a year at least: a shorter rise is news, not a trend
ALPHA = 0.01  # strict: the join is chosen to fit, which flatters the slope
HAC_LAGS = 3  # months of autocorrelation allowed for in the slope's standard error


@dataclass(frozen=True)
class LongTrend:
    indicator: str
    area: str
    as_of: str
    direction: Direction
    # YYYY-MM, the first month of the trend: the first month of the data (or of a break) when
    # it runs from there, else the first month after the join, the first to leave the level.
    since: str
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
    times = ordinals[observed].astype(float)
    season = seasonality(ordinals[observed], values[observed])
    y = np.log(values[observed] / season.factor(ordinals[observed]) + 0.5)
    join = _best_join(times, y)
    if join is None:
        return None
    hinge = np.maximum(times - times[join], 0.0) / 12  # slope per year
    fit = sm.OLS(y, sm.add_constant(hinge)).fit(cov_type="HAC", cov_kwds={"maxlags": HAC_LAGS})
    slope, p_value = float(fit.params[1]), float(fit.pvalues[1])
    if not p_value < alpha:
        return None
    # The join month is the level's last: a rise of 2% a month from a level held to January
    # has February as its first month up, the month "since" which it has been rising.
    first = join if join == 0 else join + 1
    return LongTrend(
        indicator=indicator,
        area=area,
        as_of=as_of,
        direction="up" if slope > 0 else "down",
        since=to_month(int(times[first])),
        months=int(times.size - first),
        percent_a_year=100 * (math.exp(slope) - 1),
        p_value=p_value,
        from_start=join == 0,
    )


def _rss(design: np.ndarray, y: np.ndarray) -> float:
    residual = y - design @ np.linalg.lstsq(design, y, rcond=None)[0]
    return float(residual @ residual)


def _best_join(times: np.ndarray, y: np.ndarray) -> int | None:
    """Position of the month the best-fitting line starts from; None when a single step fits
    better than any such line."""
    ones = np.ones_like(times)
    joins = range(times.size - MIN_MONTHS + 1)
    line = [_rss(np.column_stack([ones, np.maximum(times - times[j], 0)]), y) for j in joins]
    steps = [_rss(np.column_stack([ones, times >= times[k]]), y) for k in range(2, times.size - 1)]
    best = int(np.argmin(line))
    if steps and min(steps) < line[best]:
        return None
    return best
