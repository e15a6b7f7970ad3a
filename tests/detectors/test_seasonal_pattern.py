"""Seasonality named: seeded series with a known peak month."""

import pytest

from detectors.seasonal_pattern import season_of, seasonal_pattern
from tests.detectors.synthetic import poisson


def test_seasons_are_meteorological():
    assert [season_of(m) for m in (12, 1, 2, 3, 6, 9, 11)] == [
        "winter",
        "winter",
        "winter",
        "spring",
        "summer",
        "autumn",
        "autumn",
    ]


@pytest.mark.parametrize("seed", range(3))
def test_asb_peaks_in_the_summer_and_troughs_in_the_winter(seed):
    series = poisson(4000, 60, seed=seed, amplitude=0.2, peak=7, extra_cv=0.04)
    found = seasonal_pattern(series, indicator="asb", area="x", as_of=str(series.index[-1]))
    assert found.peak_season == "summer" and found.trough_season == "winter"
    assert abs(found.peak_month - 7) <= 1 and found.trough_month in (12, 1, 2)
    assert found.swing == pytest.approx(1.2 / 0.8, rel=0.15)


def test_a_winter_peak():
    series = poisson(800, 48, seed=3, amplitude=0.15, peak=1)
    found = seasonal_pattern(series, indicator="x", area="y", as_of=str(series.index[-1]))
    assert found.peak_season == "winter" and found.trough_season == "summer"


@pytest.mark.parametrize("seed", range(3))
def test_no_season_no_statement(seed):
    series = poisson(300, 60, seed=seed, extra_cv=0.05)
    assert seasonal_pattern(series, indicator="x", area="y", as_of=str(series.index[-1])) is None


def test_a_faint_season_is_not_called_clear():
    series = poisson(40, 36, seed=1, amplitude=0.05, peak=7)
    assert seasonal_pattern(series, indicator="x", area="y", as_of=str(series.index[-1])) is None
