import numpy as np
import pandas as pd
import pytest

from detectors import year_on_year
from tests.detectors.synthetic import monthly, poisson


def _two_years(previous, current):
    return monthly([previous] * 12 + [current] * 12, start="2015-07")


def test_report_style_up_percent_and_count():
    found = year_on_year(
        _two_years(100, 112.1), indicator="all-crime", area="lancashire", as_of="2017-06"
    )
    assert found.current == pytest.approx(1345.2) and found.previous == 1200
    assert found.change == pytest.approx(145.2)
    assert found.percent == pytest.approx(12.1)
    assert found.months_current == found.months_previous == 12


def test_a_large_poisson_change_is_significant_and_a_small_count_change_is_not():
    big = year_on_year(_two_years(1000, 1100), indicator="x", area="y", as_of="2017-06")
    small = year_on_year(_two_years(1, 1.5), indicator="x", area="y", as_of="2017-06")
    assert big.significant and not small.significant
    assert small.percent == pytest.approx(50.0)


def test_overdispersed_months_make_a_small_rise_not_significant():
    rng = np.random.default_rng(1)
    noisy = monthly(
        np.r_[5000 * rng.gamma(100, 0.01, 12), 5075 * rng.gamma(100, 0.01, 12)], start="2015-07"
    )
    found = year_on_year(
        noisy, indicator="anti-social-behaviour", area="lancashire", as_of="2017-06"
    )
    assert not found.significant  # +1.5% of 60,000 incidents: Poisson alone would call it real


def test_missing_months_are_annualised_and_too_many_give_nothing():
    values = _two_years(100, 110)
    values.iloc[[14, 15]] = np.nan
    found = year_on_year(values, indicator="x", area="y", as_of="2017-06")
    assert found.months_current == 10 and found.current == pytest.approx(1320)
    values.iloc[[16, 17, 18]] = np.nan
    assert year_on_year(values, indicator="x", area="y", as_of="2017-06") is None


def test_proportions_use_a_two_proportion_test():
    share = _two_years(0.80, 0.70)
    respondents = pd.Series(100.0, index=share.index)
    found = year_on_year(
        share,
        indicator="victim-satisfaction",
        area="force",
        as_of="2017-06",
        unit="proportion",
        denominators=respondents,
    )
    assert found.current == pytest.approx(0.70) and found.previous == pytest.approx(0.80)
    assert found.significant and found.unit == "proportion"
    few = year_on_year(
        share,
        indicator="victim-satisfaction",
        area="force",
        as_of="2017-06",
        unit="proportion",
        denominators=respondents / 50,
    )
    assert not few.significant  # "not statistically significant: treated as no change"


def test_proportions_without_respondents_are_not_tested():
    found = year_on_year(
        _two_years(0.8, 0.7), indicator="v", area="f", as_of="2017-06", unit="proportion"
    )
    assert found.p_value is None and not found.significant


def test_seasonal_counts_compare_like_with_like():
    values = poisson(800, 24, seed=2, amplitude=0.3, start="2015-07")
    found = year_on_year(values, indicator="anti-social-behaviour", area="x", as_of="2017-06")
    assert abs(found.percent) < 5


def _headcounts():
    """Officers by month, 2015-07 to 2017-06: 2,860 in June 2016, 2,864 in June 2017."""
    values = monthly([2850 + i % 5 for i in range(24)], start="2015-07")
    values[pd.Period("2016-06", "M")] = 2860
    values[pd.Period("2017-06", "M")] = 2864
    return values


def test_a_stock_is_the_month_against_a_year_before_not_a_sum():
    found = year_on_year(
        _headcounts(),
        indicator="police-officers",
        area="lancashire",
        as_of="2017-06",
        measure="stock",
    )
    assert (found.current, found.previous, found.change) == (2864, 2860, 4)
    assert found.percent == pytest.approx(100 * 4 / 2860)  # 0.1399%
    assert found.measure == "stock" and found.p_value is None and not found.significant


def test_a_stock_needs_both_months():
    values = _headcounts()
    values[pd.Period("2016-06", "M")] = np.nan
    assert year_on_year(values, indicator="x", area="y", as_of="2017-06", measure="stock") is None


def test_the_same_headcounts_as_a_flow_would_be_summed():
    found = year_on_year(_headcounts(), indicator="x", area="y", as_of="2017-06")
    assert found.measure == "flow" and found.current > 12 * 2850
