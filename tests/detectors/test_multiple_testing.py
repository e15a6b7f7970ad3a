import numpy as np
import pytest

from detectors.multiple_testing import run_adjusted


def test_holm_known_values():
    adjusted = run_adjusted(np.array([[0.01], [0.04], [0.03], [0.20]]), [1.0])
    assert adjusted[:, 0] == pytest.approx([0.04, 0.09, 0.09, 0.20])


def test_one_series_is_a_weighted_bonferroni():
    adjusted = run_adjusted(np.array([[0.01, 0.01]]), [3.0, 1.0])
    assert adjusted[0] == pytest.approx([0.01 / 0.75, 0.01 / 0.25])


def test_more_series_tighten_the_threshold():
    alone = run_adjusted(np.array([[0.001, 1.0]]), [1, 1])[0, 0]
    crowd = run_adjusted(np.vstack([[[0.001, 1.0]], np.ones((55, 2))]), [1, 1])[0, 0]
    assert crowd == pytest.approx(56 * alone)


def test_many_real_changes_do_not_lower_the_bar_for_a_weak_one():
    weak = [[0.004, 1.0]]
    quiet = run_adjusted(np.array(weak + [[1.0, 1.0]] * 20), [1, 1])[0, 0]
    busy = run_adjusted(np.array(weak + [[1e-9, 1.0]] * 10 + [[1.0, 1.0]] * 10), [1, 1])[0, 0]
    assert busy >= quiet * 0.5  # Holm: at most the ten strong ones come off the count
    assert busy > 0.05


def test_adjusted_values_are_monotone_in_p():
    rng = np.random.default_rng(1)
    p = rng.uniform(size=(40, 1))
    adjusted = run_adjusted(p, [1.0])[:, 0]
    order = np.argsort(p[:, 0])
    assert np.all(np.diff(adjusted[order]) >= -1e-12)
