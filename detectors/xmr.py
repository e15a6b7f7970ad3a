"""XmR (individuals and moving range) control limits, as in NHS "Making Data Count"."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from detectors.finding import Limits

MR_SCREEN = 3.267  # moving ranges at or above 3.267 x mean MR are special causes themselves
LIMIT_FACTOR = 2.66  # 3 sigma = 2.66 x mean MR (2.66 = 3 / d2, d2 = 1.128 for ranges of two)
NEAR_FACTOR = 2 * LIMIT_FACTOR / 3  # 2 sigma, as Making Data Count's "limitclose"


@dataclass(frozen=True)
class XmR:
    centre: float
    mean_mr: float
    points: int
    screened: int  # moving ranges left out of mean_mr by the screen
    ranges: int  # moving ranges behind mean_mr

    @property
    def sigma(self) -> float:
        return self.mean_mr * LIMIT_FACTOR / 3

    def limits(self) -> Limits:
        return Limits(
            centre=self.centre,
            lower=self.centre - LIMIT_FACTOR * self.mean_mr,
            upper=self.centre + LIMIT_FACTOR * self.mean_mr,
            near_lower=self.centre - NEAR_FACTOR * self.mean_mr,
            near_upper=self.centre + NEAR_FACTOR * self.mean_mr,
        )


def xmr(
    values: Sequence[float] | np.ndarray,
    *,
    screen: bool = True,
    starts: Sequence[int] | np.ndarray = (),
) -> XmR:
    """Centre and mean moving range of ``values`` (NaN skipped: ranges join the points either
    side of a gap). ``screen`` recomputes the mean MR without the ranges a spike creates.
    ``starts``: indices where a new piece begins (a new level): no range spans into them."""
    points = np.asarray(values, dtype=float)
    observed = np.flatnonzero(np.isfinite(points))
    if observed.size < 2:
        raise ValueError("XmR limits need at least two points")
    piece = np.searchsorted(np.sort(np.asarray(starts, dtype=int)), observed, side="right")
    ranges = np.abs(np.diff(points[observed]))[piece[1:] == piece[:-1]]
    if ranges.size == 0:
        raise ValueError("XmR limits need two points in one piece")
    points = points[observed]
    mean_mr = float(ranges.mean())
    screened = 0
    if screen and mean_mr > 0:
        kept = ranges[ranges < MR_SCREEN * mean_mr]
        screened = ranges.size - kept.size
        mean_mr = float(kept.mean())
    return XmR(
        centre=float(points.mean()),
        mean_mr=mean_mr,
        points=points.size,
        screened=screened,
        ranges=ranges.size - screened,
    )
