import numpy as np
import pytest

from detectors.seasonal import seasonality
from tests.detectors.synthetic import poisson


def _fit(values, **options):
    ordinals = np.asarray(values.index.year * 12 + values.index.month - 1)
    return seasonality(ordinals, values.to_numpy(), **options)


def test_summer_peaking_series_is_seasonal_with_its_peak_in_july():
    found = _fit(poisson(1500, 36, seed=1, amplitude=0.2, peak=7, extra_cv=0.04))
    assert found.seasonal
    assert int(np.argmax(found.factors)) + 1 == 7
    assert np.mean(found.factors) == pytest.approx(1.0)
    assert 1.1 < max(found.factors) < 1.3


def test_flat_series_is_mostly_not_seasonal():
    calls = [_fit(poisson(200, 36, seed=seed, extra_cv=0.04)).seasonal for seed in range(20)]
    assert sum(calls) <= 5  # the test runs at 10%; a wrong call is shrunk towards flat anyway


def test_too_short_to_tell():
    assert not _fit(poisson(1500, 23, seed=1, amplitude=0.3)).seasonal


def test_a_level_change_is_not_taken_for_seasonality():
    # Thirty months with the last seven half as high again: uncut, the log-linear fit's level
    # and trend cannot follow the step and the harmonics take up part of it.
    values = poisson(1000, 30, seed=3, extra_cv=0.02)
    values.iloc[23:] *= 1.5
    ordinals = np.asarray(values.index.year * 12 + values.index.month - 1)
    without_cut = seasonality(ordinals, values.to_numpy())
    with_cut = seasonality(ordinals, values.to_numpy(), cuts=[int(ordinals[23])])
    assert without_cut.seasonal and max(without_cut.factors) > 1.05
    assert not with_cut.seasonal


def _unshrunk_annual_fit(values):
    """The fit seasonal.py describes, by hand: log(count + 0.5) on a level, a linear trend and
    one annual harmonic; its F statistic for the harmonic and its twelve-month log shape."""
    ordinals = np.asarray(values.index.year * 12 + values.index.month - 1)
    y = np.log(values.to_numpy() + 0.5)
    angle = 2 * np.pi * (ordinals % 12) / 12
    null = np.column_stack([np.ones(y.size), (ordinals - ordinals.mean()) / 12])
    full = np.column_stack([null, np.sin(angle), np.cos(angle)])
    rss_null = np.sum((y - null @ np.linalg.lstsq(null, y, rcond=None)[0]) ** 2)
    coef = np.linalg.lstsq(full, y, rcond=None)[0]
    rss = np.sum((y - full @ coef) ** 2)
    f = ((rss_null - rss) / 2) / (rss / (y.size - 4))
    months = 2 * np.pi * np.arange(12) / 12
    return f, coef[2] * np.sin(months) + coef[3] * np.cos(months)


def test_a_weak_fit_is_shrunk_towards_flat():
    # A 10% summer peak on means of 100: a weak but significant fit (p about 0.05), whose shape
    # is the raw fit's shrunk by (1 - 1/F).
    values = poisson(100, 36, seed=4, amplitude=0.1)
    found = _fit(values)
    assert found.seasonal and found.harmonics == 1
    f, raw_shape = _unshrunk_annual_fit(values)
    assert 1 < f < 5  # weak: the shrinkage is large
    shape = np.log(found.factors)
    assert shape - shape[0] == pytest.approx((1 - 1 / f) * (raw_shape - raw_shape[0]), abs=1e-9)
    assert np.ptp(shape) < np.ptp(raw_shape)
