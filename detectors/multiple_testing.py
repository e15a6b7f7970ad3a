"""False-alarm control for a whole run: dozens of indicators x areas, several rules on each."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def run_adjusted(p_values: np.ndarray, weights: Sequence[float]) -> np.ndarray:
    """Adjusted p-values for a run's tests (rows: series, columns: rules); a test alerts when
    its adjusted value is at most the run's error rate.

    Within a series, a weighted Bonferroni (a rule with weight w gets w / sum of weights of the
    series' budget) gives one p-value a series; across series, Holm's step-down procedure. The
    chance of any false alarm in a run is then at most the error rate, however many series are
    real: a month when much changes (the first COVID lockdown) does not lower the bar for the
    rest, as Benjamini-Hochberg would (on the real Lancashire data, 342 series, it raised 14
    to 39 new alerts a month in late 2021, most with adjusted p-values of 0.1 to 0.4).
    A test's adjusted value is its series', or its own p-value times its series' Holm factor
    if that is larger.
    """
    p = np.asarray(p_values, dtype=float)
    if p.size == 0:
        return p
    share = np.asarray(weights, dtype=float) / float(np.sum(weights))
    scaled = p / share[None, :]
    series_p = scaled.min(axis=1)
    m = series_p.size
    order = np.argsort(series_p, kind="stable")
    factor = np.empty(m)
    factor[order] = m - np.arange(m)  # Holm: m for the smallest, 1 for the largest
    series_adjusted = np.empty(m)
    series_adjusted[order] = np.maximum.accumulate(series_p[order] * factor[order])
    adjusted = np.maximum(series_adjusted[:, None], scaled * factor[:, None])
    return np.minimum(adjusted, 1.0)
