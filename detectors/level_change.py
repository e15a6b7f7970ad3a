"""Lasting changes of level: step changes (found by segmentation) and shifts (the 7-point rule)."""

from __future__ import annotations

import math

import numpy as np

from detectors.baseline import Baseline
from detectors.candidate import Candidate
from detectors.change_points import change_points
from detectors.poisson import two_poisson_p, two_sided_p
from detectors.run_rules import side_run
from detectors.settings import Settings
from months import to_month


def compare_levels(
    baseline: Baseline,
    ordinals: np.ndarray,
    values: np.ndarray,
    start: int,
    settings: Settings,
) -> tuple[float, float, float]:
    """Old level (up to ``baseline_months`` points before index ``start``), new level (from
    ``start`` on), both seasonally adjusted monthly means, and the two-sided p-value that they
    are the same: a z-test with the baseline's noise (Student's t when that noise is
    estimated), and for counts the exact test for two Poisson counts if that is larger."""
    before = slice(max(start - settings.baseline_months, 0), start)
    before_ord, before_val = ordinals[before], values[before]
    after_ord, after_val = ordinals[start:], values[start:]
    before_factor = baseline.season.factor(before_ord)
    after_factor = baseline.season.factor(after_ord)
    old = float(np.mean(before_val / before_factor))
    new = float(np.mean(after_val / after_factor))
    sigma, df = baseline.level_noise(old)
    if sigma == 0:
        return old, new, 1.0 if new == old else 0.0
    if baseline.trial:
        # Under a year of history a season cannot be told from a step, and seasons do not
        # average out: the trial floor applies to the difference of levels as to one month.
        z = abs(new - old) / sigma
    else:
        z = abs(new - old) / (sigma * math.sqrt(1 / after_val.size + 1 / before_val.size))
    p_value = two_sided_p(z, df)
    if baseline.unit == "count":
        p_value = max(
            p_value,
            two_poisson_p(
                after_val.sum(), after_factor.sum(), before_val.sum(), before_factor.sum()
            ),
        )
    return old, new, min(p_value, 1.0)


def _starts(ordinals: np.ndarray, values: np.ndarray) -> list[int]:
    """Positions in ``values`` where the change-point search starts a new segment; missing
    months are passed as NaN, so that the search sees the calendar (and the season) as it is."""
    months = np.full(int(ordinals[-1] - ordinals[0]) + 1, np.nan)
    months[ordinals - ordinals[0]] = values
    found = np.asarray(change_points(months), dtype=np.int64) + ordinals[0]
    return [int(i) for i in np.searchsorted(ordinals, found)]


def step_change(
    baseline: Baseline, ordinals: np.ndarray, values: np.ndarray, settings: Settings
) -> Candidate | None:
    """A new level that began between 3 and 6 observed months ago (the month tested is the last
    point). The change-point search proposes where, having allowed for the series' trend and
    season; the test says whether. Its p-value is multiplied by the number of places such a
    break could be (Bonferroni), since the place was chosen by the data."""
    adjusted = values / baseline.season.factor(ordinals)
    recent = [
        start
        for start in _starts(ordinals, values)
        if settings.step_min_new <= values.size - start <= settings.step_max_new
        and start >= settings.min_baseline_points
    ]
    if not recent:
        return None
    tested = []
    latest = float(adjusted[-1])
    for start in recent:
        old, new, p_value = compare_levels(baseline, ordinals, values, start, settings)
        # A level that lasts is still there: the month tested must sit nearer the new level
        # than the old, or two odd months and a normal one would pass for a step. And a step
        # starts at once: its first month too sits nearer the new level, or the start of a
        # ramp (a trend that turned) would pass for a step months before the level arrived.
        middle = (old + new) / 2
        opening = float(adjusted[start])
        if (latest - middle) * (new - old) > 0 and (opening - middle) * (new - old) > 0:
            tested.append((p_value, start, old, new))
    if not tested:
        return None
    p_value, start, old, new = min(tested)
    places = settings.step_max_new - settings.step_min_new + 1
    month = to_month(ordinals[start])
    first = to_month(ordinals[max(start - settings.baseline_months, 0)])
    return Candidate(
        kind="step-change",
        direction="up" if new > old else "down",
        p_value=min(1.0, p_value * places),
        rule="step-change",
        method="pelt",
        month=month,
        value=new,
        expected=old,
        start_month=month,
        run_length=values.size - start,
        note=(
            f"level {old:,.1f} a month from {first} to {to_month(ordinals[start - 1])}, "
            f"{new:,.1f} since {month}"
        ),
    )


def shift(
    baseline: Baseline, ordinals: np.ndarray, values: np.ndarray, settings: Settings
) -> Candidate | None:
    """Seven or more months in a row on one side of the baseline mean, if the months of the run
    differ significantly from the months before it."""
    if baseline.trial:
        return None
    expected = baseline.expected(ordinals)
    found = side_run(values - expected)
    if found is None or found[1] < settings.run_length:
        return None
    direction, length = found
    start = values.size - length
    if start < settings.min_baseline_points:
        return None
    old, new, p_value = compare_levels(baseline, ordinals, values, start, settings)
    return Candidate(
        kind="shift",
        direction=direction,
        p_value=p_value,
        rule="shift",
        method="run-rule",
        month=to_month(ordinals[-1]),
        value=float(values[-1]),
        expected=float(expected[-1]),
        start_month=to_month(ordinals[start]),
        run_length=length,
        note=f"{length} months {'above' if direction == 'up' else 'below'} the average; "
        f"their level {new:,.1f} against {old:,.1f} before",
    )
