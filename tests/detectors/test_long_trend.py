"""A long trend and since when, on seeded series whose trend starts at a known month."""

import numpy as np
import pandas as pd
import pytest

from detectors.long_trend import long_trend
from months import to_ordinal
from tests.detectors.synthetic import monthly, poisson


def counts(rate: np.ndarray, seed: int, start: str = "2013-01") -> pd.Series:
    return monthly(np.random.default_rng(seed).poisson(rate), start=start)


def flat_then_rising(seed: int) -> pd.Series:
    """200 a month for 2013-2014, then rising 2% a month from February 2015 (month 25)."""
    months = np.arange(60)
    rate = 200 * np.where(months < 25, 1.0, 1.02 ** (months - 24))
    return counts(rate, seed)


@pytest.mark.parametrize("seed", range(4))
def test_an_upward_trend_since_february_2015(seed):
    found = long_trend(
        flat_then_rising(seed), indicator="domestic-abuse", area="x", as_of="2017-12"
    )
    assert found is not None and found.direction == "up" and not found.from_start
    assert abs(to_ordinal(found.since) - to_ordinal("2015-02")) <= 3
    assert found.percent_a_year == pytest.approx(100 * (1.02**12 - 1), abs=8)  # 26.8% a year


def test_the_trend_starts_in_the_first_month_that_left_the_level():
    # Noise-free: 1,000 a month to January 2015, then up 2% a month from February 2015.
    months = np.arange(60)
    series = monthly(1000 * np.where(months < 25, 1.0, 1.02 ** (months - 24)), start="2013-01")
    found = long_trend(series, indicator="x", area="y", as_of="2017-12")
    assert found.since == "2015-02" and found.months == 35 and not found.from_start
    assert found.percent_a_year == pytest.approx(100 * (1.02**12 - 1), abs=0.05)


def test_a_trend_from_the_first_month_starts_near_it():
    series = counts(150 * 1.015 ** np.arange(36), seed=7)
    found = long_trend(series, indicator="x", area="y", as_of="2015-12")
    assert found.direction == "up" and to_ordinal(found.since) - to_ordinal("2013-01") <= 3
    exact = long_trend(
        monthly(100 * 1.02 ** np.arange(24)), indicator="x", area="y", as_of="2016-12"
    )
    assert exact.from_start and exact.since == "2015-01"


def test_a_falling_trend():
    series = counts(400 * 0.985 ** np.arange(48), seed=3)
    found = long_trend(series, indicator="x", area="y", as_of="2016-12")
    assert found is not None and found.direction == "down"


@pytest.mark.parametrize("seed", range(4))
def test_a_flat_series_has_no_trend(seed):
    series = poisson(200, 48, seed=seed, extra_cv=0.05)
    assert long_trend(series, indicator="x", area="y", as_of=str(series.index[-1])) is None


def test_a_step_change_is_not_a_trend():
    months = np.arange(48)
    series = counts(np.where(months < 30, 200.0, 280.0), seed=11)
    assert long_trend(series, indicator="x", area="y", as_of="2016-12") is None


def test_a_seasonal_series_with_no_trend_has_none():
    series = poisson(500, 60, seed=5, amplitude=0.3, peak=7)
    assert long_trend(series, indicator="x", area="y", as_of=str(series.index[-1])) is None


def test_months_after_as_of_are_not_used():
    series = flat_then_rising(0)
    assert long_trend(series[:20], indicator="x", area="y", as_of="2014-08") is None
    assert long_trend(series, indicator="x", area="y", as_of="2014-08") is None


def test_a_classification_break_starts_the_series_again():
    months = np.arange(48)
    rate = np.where(months < 24, 100 * 1.03**months, 100.0)  # rising, then a new, flat count
    series = counts(rate, seed=2)
    assert long_trend(series, indicator="x", area="y", as_of="2016-12", breaks=["2015-01"]) is None
