"""Exact tests for counts: small numbers are Poisson, and "too few to tell" beats a false alarm."""

from __future__ import annotations

import math

from scipy import special


def normal_tail(z: float) -> float:
    """P(Z >= z) for a standard normal."""
    return 0.5 * math.erfc(z / math.sqrt(2))


def t_tail(t: float, df: float) -> float:
    """P(T >= t) for Student's t with ``df`` degrees of freedom (sigma estimated from data)."""
    return float(special.stdtr(df, -t))


def two_sided_p(z: float, df: float | None) -> float:
    """Two-sided p-value of a z-score: Student's t when sigma was estimated (``df``)."""
    return min(1.0, 2 * (normal_tail(abs(z)) if df is None else t_tail(abs(z), df)))


def two_proportion_z(p1: float, n1: float, p2: float, n2: float) -> float:
    """|z| of the two-proportion z-test (pooled variance) of p1 out of n1 against p2 out of n2."""
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    se = math.sqrt(max(pooled * (1 - pooled), 1e-12) * (1 / n1 + 1 / n2))
    return abs(p1 - p2) / se


def xmr_df(ranges: int) -> float:
    """Degrees of freedom of a sigma estimated from the mean of ``ranges`` moving ranges:
    about 0.62 per range (Wheeler; the mean moving range is less efficient than the variance)."""
    return max(1.0, 0.62 * ranges)


def conditional_tails(x1: float, e1: float, x2: float, e2: float) -> tuple[float, float]:
    """Lower and upper mid-p tails, P(X1 < x1) + P(X1 = x1) / 2 and P(X1 > x1) + P(X1 = x1) / 2,
    for two Poisson counts with equal rates per unit exposure.

    Given the total, X1 is binomial with probability e1 / (e1 + e2): the exact test for two
    Poisson counts, which also accounts for the uncertainty of a baseline estimated from data.
    Mid-p (Lancaster) because the plain exact test of a discrete count is conservative: its
    real false-alarm rate is well under the nominal one, which small counts pay for in power.
    """
    k, n = round(x1), round(x1) + round(x2)
    share = e1 / (e1 + e2)
    at_most = float(special.bdtr(k, n, share))
    below = float(special.bdtr(k - 1, n, share)) if k > 0 else 0.0
    half = (at_most - below) / 2
    return below + half, (1.0 - at_most) + half


def two_poisson_p(x1: float, e1: float, x2: float, e2: float) -> float:
    """Two-sided p-value that counts x1 (exposure e1) and x2 (exposure e2) share one rate."""
    lower, upper = conditional_tails(x1, e1, x2, e2)
    return min(1.0, 2 * min(lower, upper))


# Extra-Poisson noise on real crime series is at most about 8% of the mean (the Met's 14
# categories, 2023-2025: 3.5% to 7.8%). Below this mean it adds at most a fifth to the Poisson
# variance, too little for three years of moving ranges to measure.
POISSON_MEAN_LIMIT = 0.2 / 0.08**2  # 31 a month


def poisson_like(
    sigma: float, variance: float, ranges: int, mean: float, alpha: float = 0.05
) -> bool:
    """Whether counts are best treated as Poisson: a mean under POISSON_MEAN_LIMIT and a
    moving-range sigma not significantly above the Poisson ``variance`` (chi-square test with
    the moving ranges' degrees of freedom). There a moving-range sigma is mostly estimation
    noise: trusting it found 84.6% of the doubled months on means of 15 to 40, the Poisson
    model 88.0% (bench/detectors.py)."""
    df = xmr_df(ranges)
    return mean < POISSON_MEAN_LIMIT and sigma**2 <= variance * special.chdtri(df, alpha) / df
