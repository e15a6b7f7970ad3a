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
    values = poisson(400, 48, seed=3, extra_cv=0.03)
    values.iloc[30:] *= 1.5
    ordinals = np.asarray(values.index.year * 12 + values.index.month - 1)
    with_cut = seasonality(ordinals, values.to_numpy(), cuts=[int(ordinals[30])])
    assert not with_cut.seasonal or max(with_cut.factors) < 1.05


def test_a_weak_fit_is_shrunk_towards_flat():
    # Shrinkage by (1 - 1/F): the fitted shape is never more extreme than the raw fit.
    found = _fit(poisson(100, 36, seed=4, amplitude=0.1))
    if found.seasonal:
        assert max(found.factors) < 1.1 + 0.05
