"""The noise a change-point search measures steps against, on series with known noise."""

import math

import numpy as np
import pytest

from detectors.change_noise import anscombe, despike, estimate_noise, looks_like_counts


def _ar1(phi, n, seed, sigma=1.0):
    rng = np.random.default_rng(seed)
    innovations = rng.normal(scale=sigma * math.sqrt(1 - phi**2), size=n + 100)
    x = np.zeros(innovations.size)
    for i in range(1, x.size):
        x[i] = phi * x[i - 1] + innovations[i]
    return x[100:]  # stationary, standard deviation sigma


def test_anscombe_reference_values():
    assert anscombe(np.array([0.0]))[0] == pytest.approx(2 * math.sqrt(0.375))
    assert anscombe(np.array([100.0]))[0] == pytest.approx(2 * math.sqrt(100.375))


def test_counts_are_non_negative_whole_numbers():
    assert looks_like_counts(np.array([0.0, 3.0, 12.0]))
    assert not looks_like_counts(np.array([1.5, 3.0]))
    assert not looks_like_counts(np.array([-1.0, 3.0]))


def test_independent_noise_has_no_autocorrelation_and_its_sigma():
    noise = estimate_noise(np.random.default_rng(1).normal(scale=2.0, size=2000))
    assert noise.phi < 0.05
    assert noise.sigma == pytest.approx(2.0, rel=0.05)


def test_autocorrelated_noise_is_measured_and_widens_the_long_run_sigma():
    noise = estimate_noise(_ar1(0.5, 4000, seed=2))
    assert noise.phi == pytest.approx(0.5, abs=0.07)
    assert noise.sigma == pytest.approx(1.0, rel=0.1)
    assert noise.long_run == pytest.approx(noise.sigma * math.sqrt(3), rel=0.15)


def test_steps_do_not_inflate_the_noise():
    rng = np.random.default_rng(3)
    stepped = rng.normal(size=300) + np.repeat([0.0, 6.0, -4.0, 3.0], 75)
    assert estimate_noise(stepped).sigma == pytest.approx(1.0, rel=0.12)


def test_no_noise_is_zero():
    assert estimate_noise(np.full(30, 4.0)).long_run == 0.0


def test_despike_removes_a_spike_and_keeps_a_step_edge():
    rng = np.random.default_rng(4)
    values = rng.normal(size=40) + np.where(np.arange(40) >= 20, 8.0, 0.0)
    values[10] += 10
    cleaned = despike(values, 1.0)
    assert abs(cleaned[10]) < 3
    assert np.array_equal(cleaned[15:], values[15:])  # the step at 20 is untouched
