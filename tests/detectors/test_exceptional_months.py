"""Exceptional months: one series, one month, before run-wide control."""

import numpy as np
import pandas as pd

from detectors import assess
from tests.detectors.synthetic import month_at, monthly, poisson, series_input


def _rules(found):
    return {(c.rule, c.direction) for c in found.candidates}


def test_a_doubled_month_is_beyond_the_limits_with_a_tiny_p_value():
    values = poisson(40, 37, seed=1)
    values.iloc[-1] = 90
    found = assess(series_input(values), month_at(values, -1))
    assert ("beyond-limit", "up") in _rules(found)
    beyond = next(c for c in found.candidates if c.rule == "beyond-limit")
    assert beyond.p_value < 1e-4
    assert beyond.value > beyond.limits.upper and beyond.expected == found.expected


def test_an_ordinary_month_has_no_candidate():
    values = poisson(40, 37, seed=2)
    values.iloc[-1] = 40
    assert assess(series_input(values), month_at(values, -1)).candidates == ()


def test_the_month_tested_only_sees_the_past():
    values = poisson(40, 48, seed=3)
    as_of = month_at(values, 36)
    future = values.copy()
    future.iloc[37:] = 500  # a later explosion must not change the answer
    assert assess(series_input(values), as_of) == assess(series_input(future), as_of)


def test_a_missing_month_says_nothing():
    values = poisson(40, 37, seed=4)
    values.iloc[-1] = np.nan
    assert assess(series_input(values), month_at(values, -1)) is None


def test_a_month_after_the_data_says_nothing():
    values = poisson(40, 37, seed=4)
    assert assess(series_input(values), "2030-01") is None


def test_missing_months_in_the_baseline_are_not_zeros():
    values = poisson(400, 37, seed=5)
    with_gaps = values.copy()
    with_gaps.iloc[[5, 17, 30]] = np.nan
    found = assess(series_input(with_gaps), month_at(values, -1))
    assert found.baseline_points == 33
    assert abs(found.expected - values.iloc[:-1].drop(values.index[[5, 17, 30]]).mean()) < 1e-9


def test_small_counts_too_few_to_tell():
    # 5 against a mean of 1: beyond 3 sigma limits (1 + 3 x 1), yet Poisson says it happens.
    values = poisson(1, 37, seed=6)
    values.iloc[-1] = 5
    found = assess(series_input(values), month_at(values, -1))
    beyond = next(c for c in found.candidates if c.rule == "beyond-limit")
    assert beyond.value > beyond.limits.upper
    assert beyond.p_value > 0.001


def _three_months(*sigmas):
    """A steady series whose last three months sit ``sigmas`` away from its average."""
    values = pd.concat(
        [poisson(200, 36, seed=7, extra_cv=0.03), monthly([200, 200, 200], start="2018-01")]
    )
    limits = assess(series_input(values), month_at(values, -3)).limits
    spread = (limits.upper - limits.centre) / 3
    for position, z in zip((-3, -2, -1), sigmas, strict=True):
        values.iloc[position] = limits.centre + z * spread
    return assess(series_input(values), month_at(values, -1))


def test_two_of_three_near_the_limits_on_one_side():
    found = _three_months(2.4, 0.5, 2.5)
    assert ("2-of-3", "up") in _rules(found)
    two = next(c for c in found.candidates if c.rule == "2-of-3")
    assert two.month == "2018-03" and two.value == found.value


def test_two_of_three_needs_the_month_between_on_the_same_side():
    # Making Data Count: all three months on one side of the average.
    assert not [c for c in _three_months(2.4, -0.5, 2.5).candidates if c.rule == "2-of-3"]


def test_a_month_beyond_the_limits_is_not_one_of_the_two():
    # It alerted on its own; with one month near the limits after it, there is no 2-of-3.
    assert not [c for c in _three_months(3.6, 0.5, 2.5).candidates if c.rule == "2-of-3"]


def test_summer_peaks_of_a_seasonal_series_do_not_alarm():
    values = poisson(1500, 72, seed=8, amplitude=0.25, extra_cv=0.04)
    for position in (42, 43, 54, 55, 66, 67):  # July and August of three summers
        found = assess(series_input(values, "anti-social-behaviour"), month_at(values, position))
        assert found.seasonal
        assert not any(c.rule == "beyond-limit" for c in found.candidates)


def test_a_seasonal_peak_on_a_flat_baseline_would_have_alarmed():
    # The same July against a flat 36-month mean is far outside XmR limits.
    values = poisson(1500, 72, seed=8, amplitude=0.25, extra_cv=0.04)
    window = values.iloc[6:42]
    sigma = np.abs(np.diff(window)).mean() / 1.128
    assert values.iloc[42] > window.mean() + 3 * sigma


def test_trial_limits_with_under_a_year_and_a_tripling_still_alerts():
    values = monthly([3800, 4100, 3970, 4050, 11600], start="2019-12")
    found = assess(series_input(values, "anti-social-behaviour"), "2020-04")
    assert found.trial and found.baseline_points == 4
    beyond = next(c for c in found.candidates if c.rule == "beyond-limit")
    assert beyond.direction == "up" and beyond.p_value < 1e-10


def test_trial_limits_are_wide_enough_for_ordinary_months():
    values = monthly([3800, 4100, 3970, 4050, 4600], start="2019-12")
    assert assess(series_input(values), "2020-04").candidates == ()


def test_too_little_history():
    values = monthly([10, 12, 30], start="2020-01")
    assert assess(series_input(values), "2020-03") is None


def test_a_classification_break_starts_a_new_baseline_and_is_not_an_alert():
    values = pd.concat([poisson(300, 36, seed=9), poisson(600, 6, seed=10, start="2018-01")])
    inp = series_input(values, "burglary-residential", breaks=("2018-01",))
    assert assess(inp, "2018-01") is None
    after = assess(inp, "2018-04")
    assert after.baseline_start == "2018-01" and after.trial
    assert not any(c.direction == "up" for c in after.candidates)
    # Without the break the doubling would be exceptional.
    assert any(c.direction == "up" for c in assess(series_input(values), "2018-01").candidates)


def test_an_accepted_step_change_becomes_the_baseline():
    values = pd.concat([poisson(300, 36, seed=11), poisson(450, 8, seed=12, start="2018-01")])
    rebased = assess(series_input(values), "2018-08", steps=("2018-01",))
    assert rebased.baseline_start == "2018-01"
    assert abs(rebased.expected - values.iloc[36:43].mean()) < 1e-9
    assert not any(c.direction == "up" for c in rebased.candidates)


def test_months_already_reported_are_left_out_of_the_baseline():
    values = poisson(700, 38, seed=13, extra_cv=0.03)
    values.iloc[-2:] = [370, 390]
    plain = assess(series_input(values), month_at(values, -1))
    screened = assess(series_input(values), month_at(values, -1), excluded=(month_at(values, -2),))
    assert screened.expected > plain.expected
    assert ("beyond-limit", "down") in _rules(screened)
