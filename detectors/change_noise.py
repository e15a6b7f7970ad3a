"""The noise a change-point search measures steps against: variance-stabilised counts, a robust
noise level, autocorrelation, and isolated spikes set aside.

Why not the spread of first differences: on a trending or seasonal series the differences are
dominated by the trend's slope and the season's swings, and on a smooth curve they are tiny, so
every stretch of a trend looked like a new level. Here the trend and season are taken out first
(the caller passes residuals) and the noise is read from differences at lags 1 and 2, which a
level shift leaves untouched except at the shift itself (screened out).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

# Screening of large ranges, as for XmR limits (NHS "Making Data Count"): a range above 3.267
# times the mean range is a step or a spike, not noise.
SCREEN = 3.267
# A normal variable's standard deviation is sqrt(pi / 2) times its mean absolute deviation.
MEAN_ABS_TO_SD = math.sqrt(math.pi / 2)
# Lag-one autocorrelation used at most. Beyond it the lag-2/lag-1 ratio says "smoother than any
# AR(1)" (a smooth curve, an integrated series); capping keeps large jumps detectable there.
PHI_MAX = 0.8
# The estimated autocorrelation is lowered by this many null standard errors (about 2 / sqrt(n)
# for this estimator, by simulation): on 36 to 60 independent points the raw estimate is above
# zero half the time and cost a fifth of the power to find a +25% step.
PHI_SHRINK = 2.0
SPIKE_HALF_WINDOW = 2  # the Hampel filter's window is 5 points: a spike is 1 or 2 odd points
SPIKE_LIMIT = 3.0  # ... more than 3 sigma from the window's median


@dataclass(frozen=True)
class Noise:
    sigma: float  # standard deviation of one point around its level
    phi: float  # lag-one autocorrelation (AR(1)), 0 when none is evident
    long_run: float  # what a mean of many points carries: sigma * sqrt((1 + phi) / (1 - phi))


def anscombe(counts: np.ndarray) -> np.ndarray:
    """2 * sqrt(x + 3/8): Poisson counts get about unit variance at any level (Anscombe 1948)."""
    return 2.0 * np.sqrt(np.asarray(counts, dtype=float) + 3.0 / 8.0)


def looks_like_counts(values: np.ndarray) -> bool:
    return bool(np.all(values >= 0) and np.all(values == np.round(values)))


def screened_sd(values: np.ndarray) -> float:
    """Standard deviation of ``values`` around their median, from the mean absolute deviation
    once deviations above ``SCREEN`` times the mean are left out. More efficient than the median
    absolute deviation (whose ratio of two estimates below varied twice as much on 60 points)."""
    deviations = np.abs(values - np.median(values)) if values.size else values
    if deviations.size == 0:
        return 0.0
    mean = float(deviations.mean())
    if mean > 0:
        deviations = deviations[deviations < SCREEN * mean]
    return float(deviations.mean()) * MEAN_ABS_TO_SD if deviations.size else 0.0


def estimate_noise(residuals: np.ndarray) -> Noise:
    """Noise of a series whose trend and season are removed but whose steps may remain.

    For AR(1) noise var(x[t+1] - x[t]) = 2 sigma^2 (1 - phi) and var(x[t+2] - x[t]) =
    2 sigma^2 (1 - phi^2), so their ratio is 1 + phi: the differences-based estimate of
    Chakar, Lebarbier, Levy-Leduc & Robin (2017, Bernoulli 23(2), "A robust approach for
    estimating change-points in the mean of an AR(1) process"), robust to level shifts. A
    change of level is judged against the long-run standard deviation, the one the mean of a
    segment carries under AR(1) noise.
    """
    if residuals.size < 3:
        return Noise(0.0, 0.0, 0.0)
    lag1 = screened_sd(np.diff(residuals))
    lag2 = screened_sd(residuals[2:] - residuals[:-2])
    if not lag1 > 0:
        return Noise(0.0, 0.0, 0.0)
    raw_phi = (lag2 / lag1) ** 2 - 1
    phi = min(max(raw_phi - PHI_SHRINK / math.sqrt(residuals.size), 0.0), PHI_MAX)
    sigma = lag1 / math.sqrt(2 * (1 - phi))
    return Noise(sigma, phi, sigma * math.sqrt((1 + phi) / (1 - phi)))


def despike(values: np.ndarray, sigma: float) -> np.ndarray:
    """Hampel filter (Hampel 1974; Pearson 2002): a point more than ``SPIKE_LIMIT`` sigma from
    the median of the 5 points around it takes that median. A median keeps the edge of a step
    intact, so only spikes of one or two points go: one odd month is not a new level."""
    if not sigma > 0:
        return values
    padded = np.pad(values.astype(float), SPIKE_HALF_WINDOW, constant_values=np.nan)
    windows = np.lib.stride_tricks.sliding_window_view(padded, 2 * SPIKE_HALF_WINDOW + 1)
    medians = np.nanmedian(windows, axis=1)  # windows are cut short at the ends
    return np.where(np.abs(values - medians) > SPIKE_LIMIT * sigma, medians, values)
