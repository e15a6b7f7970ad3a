"""The change-point search on seeded series with known answers: steps found where they are,
trends, seasons, autocorrelation and small counts not cut into steps."""

import math

import numpy as np
import pytest
import ruptures as rpt

import detectors
from detectors.change_points import _line_starts, _step_starts

MONTHS = 60


def _counts(rate, *, seed, extra_cv=0.04):
    """Poisson counts around ``rate`` with multiplicative extra noise, as police series have."""
    rng = np.random.default_rng(seed)
    rate = np.asarray(rate, dtype=float)
    shape = 1 / extra_cv**2
    return rng.poisson(rate * rng.gamma(shape, 1 / shape, size=rate.size)).astype(float)


def _trend(mean=300.0, growth=0.008):
    return mean * (1 + growth) ** np.arange(MONTHS)


def _seasonal(mean=300.0, amplitude=0.25):
    return mean * (1 + amplitude * np.cos(2 * np.pi * (np.arange(MONTHS) - 6) / 12))


def _stepped(rate, at, size=0.25):
    return rate * np.where(np.arange(rate.size) >= at, 1 + size, 1.0)


def _noisy_steps(levels, lengths, *, seed, poisson=True, sd=1.0):
    rng = np.random.default_rng(seed)
    parts = [
        rng.poisson(level, n) if poisson else level + sd * rng.normal(size=n)
        for level, n in zip(levels, lengths, strict=True)
    ]
    return np.concatenate(parts).astype(float), list(np.cumsum(lengths)[:-1])


def _breaks(make, seeds=range(20)):
    return sum(len(detectors.change_points(make(seed))) for seed in seeds)


def test_importable_from_the_package_root():
    from detectors import change_points

    assert change_points([10.0] * 20 + [40.0] * 20) == [20]


@pytest.mark.parametrize("seed", range(8))
def test_recovers_poisson_steps_within_two_points(seed):
    values, truth = _noisy_steps([100, 150, 90], [30, 25, 25], seed=seed)
    found = detectors.change_points(values)
    assert len(found) == len(truth)
    assert all(abs(f - t) <= 2 for f, t in zip(found, truth, strict=True))


def test_recovers_gaussian_steps_within_two_points():
    # Steps of 2.5 to 3.5 sigma, 15 to 25 points apart: in one seed of eight the search misses
    # one (the noise then reads as autocorrelated, since lag-2 differences straddle steps twice
    # as often as lag-1 ones); the former search, blind to autocorrelation, found all eight.
    exact = 0
    for seed in range(8):
        values, truth = _noisy_steps(
            [0.0, 3.0, 0.5, 4.0], [20, 15, 20, 25], seed=seed, poisson=False
        )
        found = detectors.change_points(values)
        assert all(any(abs(f - t) <= 2 for t in truth) for f in found)  # nothing spurious
        exact += len(found) == len(truth)
    assert exact >= 7


def test_at_most_one_spurious_break_per_hundred_points_of_noise():
    rng = np.random.default_rng(2024)
    breaks = points = 0
    for n in (36, 60, 100, 200):
        for r in range(30):
            noise = rng.normal(size=n) if r % 2 else rng.poisson(40, n).astype(float)
            breaks += len(detectors.change_points(noise))
            points += n
    assert breaks / points * 100 <= 1.0


def test_a_steady_trend_has_no_change_point():
    # +0.8% a month for five years: cut into steps by a piecewise-constant search (the former
    # method put 4 breaks per 100 points in such series).
    assert detectors.change_points(_counts(_trend(), seed=0)) == []
    # 20 series, 1,200 points: at most 0.5 spurious breaks per 100 points (3 are found)
    assert _breaks(lambda seed: _counts(_trend(), seed=seed)) <= 6


def test_a_seasonal_series_has_no_change_point():
    assert detectors.change_points(_counts(_seasonal(), seed=0)) == []
    # the former search put 16 breaks per 100 points in such series
    assert _breaks(lambda seed: _counts(_seasonal(), seed=seed)) <= 6


@pytest.mark.parametrize("shape", [_trend, _seasonal])
@pytest.mark.parametrize("at", [30, 52])
def test_a_quarter_step_on_a_trend_or_a_season_is_found_within_three_months(shape, at):
    found = [
        any(
            abs(b - at) <= 3
            for b in detectors.change_points(_counts(_stepped(shape(), at), seed=s))
        )
        for s in range(20)
    ]
    assert sum(found) >= 18


def test_small_counts_have_no_spurious_break():
    assert detectors.change_points(_counts(np.full(MONTHS, 3.0), seed=0)) == []
    assert _breaks(lambda seed: _counts(np.full(MONTHS, 3.0), seed=seed, extra_cv=0.2)) <= 6


def test_autocorrelated_noise_is_not_cut_into_steps():
    def ar1(seed, phi=0.6, n=120):
        rng = np.random.default_rng(seed)
        x = np.zeros(n)
        for i in range(1, n):
            x[i] = phi * x[i - 1] + rng.normal()
        return x

    assert _breaks(ar1) <= 0.01 * 20 * 120


def test_one_odd_month_is_not_a_new_level():
    for seed in range(8):
        values = _counts(np.full(MONTHS, 200.0), seed=seed)
        values[30] *= 2
        assert not {30, 31} & set(detectors.change_points(values))


def test_a_trend_that_turns_has_one_break_where_it_turns():
    rng = np.random.default_rng(6)
    t = np.arange(50.0)
    tent = np.where(t < 28, t, 56 - t) + 0.8 * rng.normal(size=t.size)
    found = detectors.change_points(tent)
    assert len(found) == 1 and abs(found[0] - 28) <= 2


def test_missing_values_are_skipped_and_indices_name_observed_points():
    values, _ = _noisy_steps([50, 100], [30, 30], seed=5)
    with_gaps = values.copy()
    with_gaps[[10, 29, 30, 45]] = math.nan
    found = detectors.change_points(list(with_gaps))
    assert any(29 <= f <= 33 for f in found)
    assert not any(math.isnan(with_gaps[f]) for f in found)


def test_a_missing_month_keeps_the_season_in_phase():
    values = _counts(_seasonal(), seed=1)
    values[[7, 20, 41]] = math.nan
    assert detectors.change_points(values) == []


def test_too_short_constant_or_empty_series_have_no_breaks():
    assert detectors.change_points([]) == []
    assert detectors.change_points([1.0, 2.0, 3.0]) == []
    assert detectors.change_points([5.0] * 40) == []


def test_the_step_search_is_pelt_with_the_l2_cost_and_jump_one():
    rng = np.random.default_rng(3)
    for _ in range(5):
        signal = rng.normal(size=60)
        signal[rng.integers(10, 50) :] += 2
        penalty = 3 * math.log(60)
        pelt = rpt.Pelt(model="l2", min_size=2, jump=1).fit(signal).predict(pen=penalty)
        assert _step_starts(signal, penalty) == pelt[:-1]


def test_the_line_search_matches_ruptures_linear_cost():
    rng = np.random.default_rng(8)
    for _ in range(10):
        n = int(rng.integers(8, 70))
        times = np.sort(rng.choice(n + 10, size=n, replace=False)).astype(float)
        z = rng.normal(size=n) + 0.1 * times + np.where(np.arange(n) > n // 2, 3.0, 0.0)
        scaled = (times - times.mean()) / max(times.std(), 1.0)
        penalty = 4 * math.log(n)
        signal = np.column_stack([z, np.ones(n), scaled])  # CostLinear: y, then regressors
        pelt = rpt.Pelt(model="linear", min_size=3, jump=1).fit(signal).predict(pen=penalty)
        assert _line_starts(z, times, penalty) == pelt[:-1]
