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


def two_of_three(z_scores: np.ndarray, near: float = 2.0, limit: float = 3.0) -> Direction | None:
    """Making Data Count's "two out of three": the side on which the last three points all lie
    (none on the centre), if two of them, the last among them, are close to the limits: beyond
    ``near`` sigma but not beyond the ``limit`` (a point beyond the limits is a special cause
    of its own and does not count).

    The reference marks a point when any three consecutive points around it qualify, windows
    ending after it included; a run deciding about the month tested cannot see later months, so
    the window here is the last three points and the month tested must be one of the two.
    """
    if z_scores.size < 3:
        return None
    window = z_scores[-3:]
    sign = np.sign(window[-1])
    if sign == 0 or not np.all(np.sign(window) == sign):
        return None  # NaN (a flat baseline's centre) is on no side either
    close = (np.abs(window) > near) & (np.abs(window) <= limit)
    if not close[-1] or np.count_nonzero(close) < 2:
        return None
    return "up" if sign > 0 else "down"
