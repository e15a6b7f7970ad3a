"""A level that has stayed up: "has decreased although remained high to June 2017".

The last months are high when every one of them is above the average of the months before
them (up to BASELINE_MONTHS, the report's three-year mean, seasonally adjusted where the
series is seasonal) and their mean is above it by more than Z_HIGH standard errors (the
baseline's XmR sigma over the square root of the months). Of the runs of every length that
pass, the one with the largest z-score is told, from its first month: a month or two before
the rise that are above the average by chance would lengthen the run but dilute its excess.
Three months a little above the average happen one time in eight by chance alone: at Z_HIGH 3,
2 in 100 flat seeded series (Poisson, mean 200, 5% extra noise, 48 months) are called high (8
in 100 at 2). The run's peak tells whether it has come down since ("has decreased although
remained high") or is still at its highest.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from detectors.seasonal import seasonality
from detectors.series_arrays import monthly_arrays
from detectors.xmr import xmr
from months import to_month, to_ordinal

MIN_MONTHS = 3  # fewer is a peak, not a level
MAX_MONTHS = 24
BASELINE_MONTHS = 36
MIN_BASELINE = 12
Z_HIGH = 3.0


@dataclass(frozen=True)
class RemainedHigh:
    indicator: str
    area: str
    as_of: str
    since: str  # YYYY-MM, the first month of the high run
    months: int  # observed months in the run
    average: float  # the earlier average (the baseline centre)
    mean: float  # the run's mean
    peak: float
    peak_month: str
    latest: float  # the value in as_of

    @property
    def decreased(self) -> bool:
        """It has come down from its peak (and stays high)."""
        return self.peak_month != self.as_of and self.latest < self.peak


def remained_high(
    series: pd.Series, *, indicator: str, area: str, as_of: str
) -> RemainedHigh | None:
    """The high run ending at ``as_of``, or None (``as_of`` itself missing or not high)."""
    ordinals, values = monthly_arrays(series)
    month = to_ordinal(as_of)
    keep = (ordinals <= month) & np.isfinite(values)
    ordinals, values = ordinals[keep], values[keep]
    if ordinals.size == 0 or ordinals[-1] != month:
        return None
    best: tuple[float, RemainedHigh] | None = None
    for length in range(MIN_MONTHS, min(MAX_MONTHS, ordinals.size - MIN_BASELINE) + 1):
        found = _baseline(ordinals, values, length)
        if found is None or not np.all(values[-length:] > found[0]):
            break  # the run of months above the average is shorter than this
        run = _high_run(ordinals, values, length, found, indicator=indicator, area=area)
        if run is not None and (best is None or run[0] > best[0]):
            best = run
    return None if best is None else best[1]


def _baseline(
    ordinals: np.ndarray, values: np.ndarray, length: int
) -> tuple[np.ndarray, float, float] | None:
    """(expected value of each of the last ``length`` months, centre, sigma) from the months
    before them; None when there are too few."""
    start = ordinals[-length]
    before = (ordinals < start) & (ordinals >= start - BASELINE_MONTHS)
    if before.sum() < MIN_BASELINE:
        return None
    season = seasonality(ordinals[before], values[before])
    adjusted = values[before] / season.factor(ordinals[before])
    chart = xmr(adjusted)
    factors = season.factor(ordinals[-length:])
    return chart.centre * factors, chart.centre, chart.sigma


def _high_run(
    ordinals: np.ndarray,
    values: np.ndarray,
    length: int,
    baseline: tuple[np.ndarray, float, float],
    *,
    indicator: str,
    area: str,
) -> tuple[float, RemainedHigh] | None:
    """(z-score, run) of the last ``length`` months, if their excess is significant."""
    expected, centre, sigma = baseline
    run = values[-length:]
    excess = float(np.mean(run - expected))
    z = excess * math.sqrt(length) / sigma if sigma > 0 else math.inf
    if z <= Z_HIGH:
        return None
    peak_at = int(np.argmax(run))
    return z, RemainedHigh(
        indicator=indicator,
        area=area,
        as_of=to_month(int(ordinals[-1])),
        since=to_month(int(ordinals[-length])),
        months=length,
        average=centre,
        mean=float(run.mean()),
        peak=float(run[peak_at]),
        peak_month=to_month(int(ordinals[-length + peak_at])),
        latest=float(run[-1]),
    )
