"""The baseline a month is judged against: the 36 months before it, cut at the last
classification break or accepted step change, with its seasonal shape and its noise.

Noise model for counts: a month with expected count m varies by m + phi * m^2, Poisson noise
plus multiplicative extra noise (weather, recording, events) whose size phi is measured from
the seasonally adjusted moving ranges. Keeping the two apart matters for seasonal series: the
Poisson part is relatively larger in the trough than at the peak, and one sigma for every
calendar month put troughs' false alarms at twice their nominal rate (bench/detectors.py).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from detectors.finding import Limits
from detectors.poisson import (
    conditional_tails,
    normal_tail,
    poisson_like,
    t_tail,
    two_proportion_z,
    xmr_df,
)
from detectors.seasonal import Seasonality, seasonality
from detectors.settings import Settings
from detectors.xmr import xmr
from months import to_month

# count: events a month (Poisson-like noise); proportion: a share (of respondents, when given);
# level: a stock read at the month (a headcount), whose noise is its own month-to-month moves.
Unit = Literal["count", "proportion", "level"]


@dataclass(frozen=True, eq=False)
class Baseline:
    ordinals: np.ndarray  # observed months of the baseline
    values: np.ndarray
    centre: float  # mean level, seasonally adjusted
    sigma: float  # XmR sigma of the seasonally adjusted values (relative to the level, counts)
    ranges: int  # moving ranges behind sigma
    extra: float  # phi, the extra-Poisson variance per squared mean (0: Poisson); counts only
    season: Seasonality
    trial: bool
    unit: Unit
    cv_floor: float
    denominators: np.ndarray | None = None  # respondents, for proportions

    @property
    def points(self) -> int:
        return int(self.values.size)

    @property
    def start(self) -> str:
        return to_month(self.ordinals[0])

    @property
    def end(self) -> str:
        return to_month(self.ordinals[-1])

    @property
    def method(self) -> str:
        if self.season.seasonal:
            return "seasonal-xmr"
        return "poisson-xmr" if self.unit == "count" else "xmr"

    @property
    def estimated(self) -> bool:
        """Whether the noise is estimated from the moving ranges (its tails then allow for
        that), rather than Poisson's or the trial floor."""
        return not self.trial and (self.unit != "count" or self.extra > 0)

    def expected(self, ordinals: np.ndarray) -> np.ndarray:
        return self.centre * self.season.factor(ordinals)

    def spread(self, ordinals: np.ndarray, denominators: np.ndarray | None = None) -> np.ndarray:
        """Standard deviation of a month around its expected value; with trial limits never
        below the calibrated share of the mean (which allows for a short baseline's error)."""
        expected = self.expected(ordinals)
        if self.unit == "count":
            level = np.maximum(expected, 0)
            spread = np.sqrt(level + self.extra * level**2)
        else:
            spread = self.sigma * self.season.factor(ordinals)
            if denominators is not None:
                share = np.clip(expected, 0, 1)
                spread = np.maximum(spread, np.sqrt(share * (1 - share) / denominators))
        if self.trial:
            spread = np.maximum(spread, self.cv_floor * np.abs(expected))
        return spread

    def level_noise(self, level: float) -> tuple[float, float | None]:
        """Month-to-month noise around a seasonally adjusted ``level`` and the degrees of
        freedom of its estimate (None when it is Poisson's or the trial floor)."""
        if self.unit == "count":
            sigma = math.sqrt(max(level, 0) * (1 + self.extra * max(level, 0)))
        else:
            sigma = self.sigma
        if self.trial and self.cv_floor * abs(level) > sigma:
            return self.cv_floor * abs(level), None
        return sigma, xmr_df(self.ranges) if self.estimated else None

    def limits(self, ordinal: int, denominator: float | None = None) -> Limits:
        """3 and 2 sigma limits around the expected value (clipped at 0 for counts). Whether a
        small count beyond them is worth an alert is the exact test's call (``tail``): a 7
        against a mean of 2 is "too few to tell"."""
        ordinals = np.array([ordinal])
        dens = None if denominator is None else np.array([denominator])
        centre = float(self.expected(ordinals)[0])
        spread = float(self.spread(ordinals, dens)[0])
        floor = -math.inf if self.unit == "proportion" else 0.0
        return Limits(
            centre=centre,
            lower=max(centre - 3 * spread, floor),
            upper=centre + 3 * spread,
            near_lower=max(centre - 2 * spread, floor),
            near_upper=centre + 2 * spread,
        )

    def z_scores(
        self, ordinals: np.ndarray, values: np.ndarray, denominators: np.ndarray | None = None
    ) -> np.ndarray:
        # A flat baseline has no spread: its z-scores are infinite (or NaN at the centre),
        # which the callers read as "beyond any limit" (or "on the centre"), not as an error.
        with np.errstate(divide="ignore", invalid="ignore"):
            return (values - self.expected(ordinals)) / self.spread(ordinals, denominators)

    def tail(self, ordinal: int, value: float, denominator: float | None = None) -> float:
        """One-sided probability of a month at least this far from expected, on its side.

        Counts are compared on the square-root scale, where their right skew (Poisson, and
        more so the multiplicative extra noise) no longer makes the upper tail twice as heavy
        as the lower one. When the noise is estimated the z-score is widened for the
        estimated parameters (the mean and the harmonics) and read from Student's t: without
        that, 3 sigma limits from 36 months let through several times their nominal rate of
        false alarms. For counts the exact Poisson tail is used if larger.
        """
        ordinals = np.array([ordinal])
        dens = None if denominator is None else np.array([denominator])
        z = float(self.z_scores(ordinals, np.array([value]), dens)[0])
        if self.unit == "count":
            expected = float(self.expected(ordinals)[0])
            spread = float(self.spread(ordinals)[0])
            if expected > 0 and spread > 0:
                root = 2 * (math.sqrt(value + 0.375) - math.sqrt(expected + 0.375))
                z = root * math.sqrt(expected) / spread
        if self.estimated:
            inflation = math.sqrt(1 + (1 + 2 * self.season.harmonics) / self.points)
            tail = t_tail(abs(z) / inflation, xmr_df(self.ranges))
        else:
            tail = normal_tail(abs(z))
        if self.unit == "count":
            factors = self.season.factor(np.append(self.ordinals, ordinal))
            lower, upper = conditional_tails(
                value, factors[-1], self.values.sum(), factors[:-1].sum()
            )
            tail = max(tail, upper if value > self.expected(ordinals)[0] else lower)
        elif denominator is not None and self.denominators is not None:
            tail = max(tail, _proportion_tail(value, denominator, self.values, self.denominators))
        return tail


def _proportion_tail(
    value: float, denominator: float, values: np.ndarray, denominators: np.ndarray
) -> float:
    """Two-proportion z-test of one month against the pooled baseline (survey data)."""
    base_n = float(denominators.sum())
    base_p = float((values * denominators).sum()) / base_n
    return normal_tail(two_proportion_z(value, denominator, base_p, base_n))


def last_cut(cuts: Sequence[int], month: int) -> int | None:
    """The latest cut (a month where a new level starts) at or before ``month``, if any."""
    return max((c for c in cuts if c <= month), default=None)


def build_baseline(
    ordinals: np.ndarray,
    values: np.ndarray,
    as_of: int,
    *,
    cuts: Sequence[int],
    unit: Unit,
    settings: Settings,
    denominators: np.ndarray | None = None,
    excluded: Sequence[int] = (),
) -> Baseline | None:
    """Baseline for the month ``as_of`` (an ordinal) from the observed months before it, leaving
    out the ``excluded`` ones (already reported exceptional); None when there are too few
    points to tell."""
    cut = last_cut(cuts, as_of)
    first = (
        as_of - settings.baseline_months
        if cut is None
        else max(as_of - settings.baseline_months, cut)
    )
    usable = np.isfinite(values) & ~np.isin(ordinals, np.asarray(excluded, dtype=np.int64))
    window = (ordinals >= first) & (ordinals < as_of) & usable
    if window.sum() < settings.min_baseline_points:
        return None
    # The seasonal shape is estimated over up to five years, across cuts with a level per piece
    # between them: a new level after a step does not change when summer comes.
    recent = (ordinals >= as_of - settings.seasonal_months) & (ordinals < as_of) & usable
    season = seasonality(
        ordinals[recent],
        values[recent],
        cuts=cuts,
        alpha=settings.seasonal_alpha,
        min_points=settings.seasonal_min_points,
    )
    base_ordinals, base_values = ordinals[window], values[window]
    centre = float(np.mean(base_values / season.factor(base_ordinals)))
    # The noise is measured over up to five years (more moving ranges, a steadier sigma). For
    # counts it is relative noise, so it carries across cuts like the seasonal shape: a new
    # level is not a noisier one, and a year of trial-sized ranges after every step would be.
    noisy = (ordinals >= as_of - settings.noise_months) & (ordinals < as_of) & usable
    if unit != "count":
        noisy &= ordinals >= first
    noise_ordinals = ordinals[noisy]
    adjusted = values[noisy] / season.factor(noise_ordinals)
    piece = np.searchsorted(np.asarray(cuts, dtype=np.int64), noise_ordinals, side="right")
    starts = np.flatnonzero(np.diff(piece)) + 1
    extra, chart = 0.0, xmr(adjusted, starts=starts)
    if unit == "count":
        levels = np.array([adjusted[piece == p].mean() for p in piece])
        if np.all(levels > 0):
            relative = xmr(adjusted / levels, starts=starts)
            # Poisson variance of an adjusted month relative to its level is 1 / (factor x level).
            poisson = float(np.mean(1 / (season.factor(noise_ordinals) * levels)))
            if not poisson_like(relative.sigma, poisson, relative.ranges, centre):
                extra = max(relative.sigma**2 - poisson, 0.0)
            chart = relative
    return Baseline(
        ordinals=base_ordinals,
        values=base_values,
        centre=centre,
        sigma=chart.sigma,
        ranges=chart.ranges,
        extra=extra,
        season=season,
        trial=base_values.size < settings.stable_points,
        unit=unit,
        cv_floor=settings.trial_cv_floor,
        denominators=None if denominators is None else denominators[window],
    )
