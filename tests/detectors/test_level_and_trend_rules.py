"""Step changes, shifts and trends on one series."""

import numpy as np
import pandas as pd

from detectors import assess
from tests.detectors.synthetic import poisson, series_input


def _candidate(found, rule):
    return next((c for c in found.candidates if c.rule == rule), None)


def _stepped(after_points, *, before=300.0, after=400.0, seed=1):
    return pd.concat(
        [
            poisson(before, 36, seed=seed, extra_cv=0.03),
            poisson(after, after_points, seed=seed + 1, extra_cv=0.03, start="2018-01"),
        ]
    )


def test_a_step_reports_when_the_new_level_began_and_both_levels():
    values = _stepped(4)
    step = _candidate(assess(series_input(values), "2018-04"), "step-change")
    assert step is not None and step.direction == "up" and step.method == "pelt"
    assert step.month == "2018-01" and step.start_month == "2018-01" and step.run_length == 4
    assert abs(step.expected - 300) < 15 and abs(step.value - 400) < 25
    assert step.p_value < 1e-6


def test_two_odd_months_and_a_normal_one_are_not_a_step():
    values = poisson(300, 39, seed=3, extra_cv=0.03)
    values.iloc[36:39] = [450, 440, 300]
    assert _candidate(assess(series_input(values), "2018-03"), "step-change") is None


def test_a_step_needs_three_months_at_the_new_level():
    assert _candidate(assess(series_input(_stepped(2)), "2018-02"), "step-change") is None


def test_noise_has_no_step():
    values = poisson(300, 48, seed=5, extra_cv=0.04)
    found = [assess(series_input(values), str(m)) for m in values.index[36:]]
    steps = [_candidate(f, "step-change") for f in found]
    assert all(s is None or s.p_value > 1e-3 for s in steps)


def test_shift_seven_months_on_one_side_and_significant():
    values = poisson(200, 43, seed=7, extra_cv=0.02)
    rise = values.iloc[:36].mean() + 22 + np.array([3, -4, 5, -2, 0, 4, -5])  # +1.5 sigma
    values.iloc[36:] = rise
    found = assess(series_input(values), str(values.index[-1]))
    shift = _candidate(found, "shift")
    assert shift is not None and shift.direction == "up" and shift.run_length >= 7
    assert shift.start_month <= "2018-01"


def test_seven_points_barely_above_the_mean_are_a_run_but_not_significant():
    values = poisson(200, 36, seed=8, extra_cv=0.02)
    base_mean = values.mean()
    values = pd.concat(
        [values, pd.Series(base_mean + 1.0, index=pd.period_range("2018-01", periods=7, freq="M"))]
    )
    shift = _candidate(assess(series_input(values), "2018-07"), "shift")
    assert shift is not None and shift.run_length >= 7
    assert shift.p_value > 0.05


def test_trend_seven_months_rising():
    values = poisson(500, 36, seed=9, extra_cv=0.02)
    values = pd.concat(
        [
            values,
            pd.Series(
                np.linspace(540, 760, 7), index=pd.period_range("2018-01", periods=7, freq="M")
            ),
        ]
    )
    trend = _candidate(assess(series_input(values), "2018-07"), "trend")
    assert trend is not None and trend.direction == "up" and trend.run_length >= 7
    assert trend.p_value < 1e-4


def test_a_spring_rise_in_a_seasonal_series_is_no_trend():
    values = poisson(2000, 66, seed=10, amplitude=0.25, peak=7, extra_cv=0.01)
    found = assess(series_input(values), "2020-06")  # six months rising into summer
    assert found.seasonal and _candidate(found, "trend") is None
