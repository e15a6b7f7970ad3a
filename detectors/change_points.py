"""Segmentation of a series into pieces of constant level (ruptures lives here and only here).

The counts are variance-stabilised (Anscombe, 2 * sqrt(x + 3/8), about unit variance for
Poisson counts) and divided by a robust estimate of the noise, so that one penalty serves
series of any size. The search is PELT on the l2 cost: ruptures' KernelCPD with the linear
kernel is that same search in C (it returns what ``Pelt(model="l2", jump=1)`` returns, a
thousand times faster), and it always uses jump=1, so a break can fall on any month.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import ruptures as rpt

from detectors.xmr import xmr

MIN_SIZE = 2  # a segment is at least two points: one odd month is a spike, not a level

# Penalty per break = PENALTY_PER_LOG_N * log(n), in units of the noise variance (BIC-like).
# Calibrated by simulation on pure noise (Gaussian, and Poisson counts of mean 50), spurious
# breaks per 100 points for n = 24 / 36 / 60 / 120 / 240 points:
#   2.0: 1.22 / 0.68 / 0.32 / 0.11 / 0.03    2.5: 0.64 / 0.49 / 0.17 / 0.04 / 0.01
#   3.0: 0.35 / 0.17 / 0.05 / 0.03 / 0.00
# 2.5 keeps every length under the bound of one per 100 points while losing little power
# (a 2 sigma step in mid-series located within 2 points: 0.92 at 2.0, 0.94 at 2.5, 0.93 at 3.0).
# bench/detectors.py re-measures it on every run.
PENALTY_PER_LOG_N = 2.5


def anscombe(counts: np.ndarray) -> np.ndarray:
    return 2.0 * np.sqrt(np.asarray(counts, dtype=float) + 3.0 / 8.0)


def noise_scale(values: np.ndarray) -> float:
    """Standard deviation of the noise from the screened mean moving range (as for XmR limits):
    a step or a spike makes one or two large ranges, which the screen leaves out. On short
    series it is steadier than the median absolute difference, which let through twice as
    many spurious breaks on 24 to 36 points."""
    return xmr(values).sigma if values.size >= 2 else 0.0


def segment(standardised: np.ndarray, *, penalty_per_log_n: float = PENALTY_PER_LOG_N) -> list[int]:
    """Starts (0-based, excluding 0) of the segments of a unit-noise series without NaN."""
    n = standardised.size
    if n < 2 * MIN_SIZE:
        return []
    algo = rpt.KernelCPD(kernel="linear", min_size=MIN_SIZE, jump=1).fit(standardised)
    ends = algo.predict(pen=penalty_per_log_n * math.log(n))
    return [int(end) for end in ends[:-1]]  # the last "breakpoint" is always n itself


def looks_like_counts(values: np.ndarray) -> bool:
    return bool(np.all(values >= 0) and np.all(values == np.round(values)))


def standardise(values: np.ndarray, *, counts: bool) -> np.ndarray | None:
    """Variance-stabilised values with unit noise; None for a series without noise (its
    moving ranges, once a jump is screened out, are all zero)."""
    transformed = anscombe(values) if counts else np.asarray(values, dtype=float)
    scale = noise_scale(transformed)
    if not scale > 0:
        return None
    return transformed / scale


def change_points(values: Sequence[float]) -> list[int]:
    """0-based indices of ``values`` where a new segment starts (a new level from that point on).

    NaN (missing months) are skipped; an index always names an observed point. Non-negative
    whole numbers are treated as counts and variance-stabilised first.
    """
    array = np.asarray(values, dtype=float)
    observed = np.flatnonzero(np.isfinite(array))
    points = array[observed]
    if points.size < 2 * MIN_SIZE:
        return []
    standardised = standardise(points, counts=looks_like_counts(points))
    if standardised is None:
        # No noise at all: every change of value is a new level.
        return [int(observed[i]) for i in np.flatnonzero(np.diff(points)) + 1]
    return [int(observed[start]) for start in segment(standardised)]
