"""Evidence says why a baseline starts where it does, so messages name the average honestly."""

from __future__ import annotations

from detectors import assess
from tests.detectors.synthetic import month_at, poisson, series_input


def _since(values, **options):
    found = assess(series_input(values, **options), month_at(values, -1))
    assert found is not None
    return found.evidence("beyond-limit", "xmr").baseline_since


def test_a_full_three_years_is_the_three_year_average():
    assert _since(poisson(40, 48, seed=1)) == ""


def test_a_shorter_history_says_the_data_start_later():
    assert _since(poisson(40, 20, seed=2)) == "data-start"


def test_a_classification_break_inside_the_window_is_named():
    values = poisson(40, 48, seed=3)
    assert _since(values, breaks=(month_at(values, 30),)) == "counting-change"


def test_a_reported_step_inside_the_window_is_named():
    values = poisson(40, 48, seed=4)
    found = assess(series_input(values), month_at(values, -1), steps=(month_at(values, 30),))
    assert found is not None and found.evidence("x", "y").baseline_since == "step-change"
