"""'Remained high' on seeded series with a known high run."""

import numpy as np
import pandas as pd

from detectors.remained_high import remained_high
from tests.detectors.synthetic import monthly, poisson


def with_tail(tail, *, seed: int = 1, mean: float = 100) -> pd.Series:
    """36 months of Poisson counts around ``mean`` from 2014-01, then ``tail`` as given."""
    base = np.random.default_rng(seed).poisson(mean, 36)
    return monthly(np.concatenate([base, tail]), start="2014-01")


def test_a_peak_then_down_but_still_high():
    # 2017-01..2017-06: up to a peak of 190 in February, then down to 140, all above 100.
    series = with_tail([170, 190, 180, 160, 150, 140])
    found = remained_high(series, indicator="burglary", area="south", as_of="2017-06")
    assert found.since == "2017-01" and found.months == 6
    assert found.peak == 190 and found.peak_month == "2017-02" and found.latest == 140
    assert found.decreased
    assert abs(found.average - 100) < 5


def test_still_rising_is_high_but_not_decreased():
    found = remained_high(with_tail([150, 160, 170]), indicator="x", area="y", as_of="2017-03")
    assert found.since == "2017-01" and not found.decreased


def test_back_at_the_average_is_not_high():
    series = with_tail([170, 190, 180, 160, 150, 100])
    assert remained_high(series, indicator="x", area="y", as_of="2017-06") is None


def test_two_high_months_are_a_peak_not_a_level():
    series = with_tail([100, 101, 99, 180, 190])
    assert remained_high(series, indicator="x", area="y", as_of="2017-05") is None


def test_a_summer_peak_of_a_seasonal_series_is_not_high():
    series = poisson(500, 44, seed=4, amplitude=0.3, peak=7, start="2014-01")
    assert remained_high(series, indicator="x", area="y", as_of="2017-08") is None


def test_a_missing_latest_month_says_nothing():
    series = with_tail([170, 190, 180, np.nan])
    assert remained_high(series, indicator="x", area="y", as_of="2017-04") is None
    assert remained_high(series, indicator="x", area="y", as_of="2017-03").months == 3
