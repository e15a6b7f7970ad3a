import math

import numpy as np
import pytest
import ruptures as rpt

import detectors
from detectors.change_points import segment, standardise


def _noisy_steps(levels, lengths, *, seed, poisson=True, sd=1.0):
    rng = np.random.default_rng(seed)
    parts = [
        rng.poisson(level, n) if poisson else level + sd * rng.normal(size=n)
        for level, n in zip(levels, lengths, strict=True)
    ]
    return np.concatenate(parts).astype(float), list(np.cumsum(lengths)[:-1])


def test_importable_from_the_package_root():
    from detectors import change_points

    assert change_points([10.0] * 20 + [40.0] * 20) == [20]


@pytest.mark.parametrize("seed", range(8))
def test_recovers_poisson_steps_within_two_points(seed):
    values, truth = _noisy_steps([100, 150, 90], [30, 25, 25], seed=seed)
    found = detectors.change_points(values)
    assert len(found) == len(truth)
    assert all(abs(f - t) <= 2 for f, t in zip(found, truth, strict=True))


@pytest.mark.parametrize("seed", range(8))
def test_recovers_gaussian_steps_within_two_points(seed):
    values, truth = _noisy_steps([0.0, 3.0, 0.5, 4.0], [20, 15, 20, 25], seed=seed, poisson=False)
    found = detectors.change_points(values)
    assert len(found) == len(truth)
    assert all(abs(f - t) <= 2 for f, t in zip(found, truth, strict=True))


def test_at_most_one_spurious_break_per_hundred_points_of_noise():
    rng = np.random.default_rng(2024)
    breaks = points = 0
    for n in (36, 60, 100, 200):
        for r in range(30):
            noise = rng.normal(size=n) if r % 2 else rng.poisson(40, n).astype(float)
            breaks += len(detectors.change_points(noise))
            points += n
    assert breaks / points * 100 <= 1.0


def test_missing_values_are_skipped_and_indices_name_observed_points():
    values, _ = _noisy_steps([50, 100], [30, 30], seed=5)
    with_gaps = values.copy()
    with_gaps[[10, 29, 30, 45]] = math.nan
    found = detectors.change_points(list(with_gaps))
    assert any(29 <= f <= 33 for f in found)
    assert not any(math.isnan(with_gaps[f]) for f in found)


def test_too_short_constant_or_empty_series_have_no_breaks():
    assert detectors.change_points([]) == []
    assert detectors.change_points([1.0, 2.0, 3.0]) == []
    assert detectors.change_points([5.0] * 40) == []


def test_the_search_is_pelt_with_the_l2_cost_and_jump_one():
    rng = np.random.default_rng(3)
    for _ in range(5):
        signal = rng.normal(size=60)
        signal[rng.integers(10, 50) :] += 2
        z = standardise(signal, counts=False)
        pen = 2.5 * math.log(60)
        pelt = rpt.Pelt(model="l2", min_size=2, jump=1).fit(z).predict(pen=pen)
        assert segment(z) == pelt[:-1]
