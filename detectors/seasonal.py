"""Is a series seasonal? Decided from its own data, not from its name.

A log-linear fit with a level per baseline segment (a new level after each classification break
or accepted step change) and a linear trend; an annual harmonic is added when an F-test says it
explains the month-to-month variation, and a second (half-year) harmonic only if it explains
more again (bicycle theft and other theft need it on the Met's data; ASB, burglary, criminal
damage and public order do not). Harmonics rather than twelve monthly factors: three years give
each calendar month three points, too few for twelve factors without chasing noise. The fitted
shape is shrunk towards flat by (1 - 1/F), since on 36 noisy points it absorbs some noise, which
otherwise makes the moving ranges look smaller than a new month's real error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import special

MAX_HARMONICS = 2


@dataclass(frozen=True)
class Seasonality:
    factors: tuple[float, ...]  # twelve multiplicative factors, January first, averaging 1
    seasonal: bool
    p_value: float | None = None  # of the F-test for the harmonics kept
    harmonics: int = 0  # 0 (flat), 1 (annual) or 2 (annual and half-year)

    def factor(self, ordinals: np.ndarray) -> np.ndarray:
        return np.asarray(self.factors)[np.asarray(ordinals) % 12]


NOT_SEASONAL = Seasonality(factors=(1.0,) * 12, seasonal=False)


def _harmonics(ordinals: np.ndarray, count: int) -> np.ndarray:
    angle = 2 * np.pi * (np.asarray(ordinals) % 12) / 12
    columns = []
    for k in range(1, count + 1):
        columns += [np.sin(k * angle), np.cos(k * angle)]
    return np.column_stack(columns)


def seasonality(
    ordinals: np.ndarray,
    values: np.ndarray,
    *,
    cuts: Sequence[int] = (),
    alpha: float = 0.1,
    min_points: int = 24,
) -> Seasonality:
    """Seasonal factors of the observed ``values`` when the data show seasonality at ``alpha``.

    ``cuts``: ordinals where a new level starts (the seasonal shape is assumed to carry over).
    """
    ok = np.isfinite(values)
    ordinals, values = np.asarray(ordinals)[ok], np.asarray(values)[ok]
    if values.size < min_points or np.any(values < 0):
        return NOT_SEASONAL
    y = np.log(values + 0.5)  # +0.5 keeps months of zero finite
    segment = np.searchsorted(np.sort(np.asarray(cuts)), ordinals, side="right")
    levels = (segment[:, None] == np.unique(segment)[None, :]).astype(float)
    null_design = np.column_stack([levels, (ordinals - ordinals.mean()) / 12])
    _, rss_null = _fit(null_design, y)
    chosen: tuple[int, float, float, np.ndarray] | None = None  # harmonics, F, p, coefficients
    rss_before = rss_null
    for count in range(1, MAX_HARMONICS + 1):
        design = np.column_stack([null_design, _harmonics(ordinals, count)])
        df_den = values.size - design.shape[1]
        coef, rss = _fit(design, y)
        if df_den < 6 or rss <= 0 or rss >= rss_before:
            break
        if special.fdtrc(2, df_den, ((rss_before - rss) / 2) / (rss / df_den)) >= alpha:
            break  # this harmonic adds nothing: keep the simpler shape
        f_all = ((rss_null - rss) / (2 * count)) / (rss / df_den)
        chosen = (count, f_all, float(special.fdtrc(2 * count, df_den, f_all)), coef)
        rss_before = rss
    if chosen is None:
        return NOT_SEASONAL
    count, f_all, p_value, coef = chosen
    shrink = max(0.0, 1 - 1 / f_all)
    shape = np.exp(shrink * (_harmonics(np.arange(12), count) @ coef[-2 * count :]))
    return Seasonality(
        factors=tuple(float(f) for f in shape / shape.mean()),
        seasonal=True,
        p_value=p_value,
        harmonics=count,
    )


def _fit(design: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    coef = np.linalg.lstsq(design, y, rcond=None)[0]
    residual = y - design @ coef
    return coef, float(residual @ residual)
