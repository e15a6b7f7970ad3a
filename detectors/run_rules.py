"""Special-cause run rules on the points up to the month tested (the last point)."""

from __future__ import annotations

import numpy as np

from detectors.finding import Direction


def side_run(deviations: np.ndarray) -> tuple[Direction, int] | None:
    """Direction and length of the run of points on one side of the centre that ends with the
    last point; a point on the centre breaks a run."""
    if deviations.size == 0 or deviations[-1] == 0:
        return None
    sign = np.sign(deviations[-1])
    length = 0
    for value in deviations[::-1]:
        if np.sign(value) != sign:
            break
        length += 1
    return ("up" if sign > 0 else "down"), length


def monotone_run(values: np.ndarray) -> tuple[Direction, int] | None:
    """Direction and length (in points) of the strictly rising or falling run ending with the last
    point; equal neighbours break it."""
    steps = np.sign(np.diff(values))
    if steps.size == 0 or steps[-1] == 0:
        return None
    sign = steps[-1]
    length = 1
    for step in steps[::-1]:
        if step != sign:
            break
        length += 1
    return ("up" if sign > 0 else "down"), length


def two_of_three(z_scores: np.ndarray, near: float = 2.0) -> Direction | None:
    """The side on which the last point and at least one of the two before it lie beyond
    ``near`` sigma, if they do."""
    if z_scores.size < 2 or abs(z_scores[-1]) < near:
        return None
    sign = np.sign(z_scores[-1])
    if not np.any(z_scores[-3:-1] * sign >= near):
        return None
    return "up" if sign > 0 else "down"
