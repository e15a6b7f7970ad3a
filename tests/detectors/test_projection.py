"""The financial-year projection on seeded series whose year total is known."""

import numpy as np
import pandas as pd
import pytest

from detectors.projection import financial_year_start, project_financial_year, year_label
from months import to_month
from tests.detectors.synthetic import monthly


def test_the_year_projected_is_that_of_the_next_month():
    assert to_month(financial_year_start("2017-06")) == "2017-04"
    assert to_month(financial_year_start("2017-02")) == "2016-04"
    assert to_month(financial_year_start("2017-03")) == "2017-04"  # the year just ended is known
    assert year_label(financial_year_start("2017-06")) == "2017/18"
    assert year_label(financial_year_start("1999-12")) == "1999/00"


def seasonal_counts(months: int, *, growth: float, seed: int) -> tuple[pd.Series, np.ndarray]:
    """``months`` Poisson counts from 2014-04 around 1,000 a month, a summer peak of +20%,
    growing by ``growth`` a month; with the rates of four years (the months to come too)."""
    t = np.arange(48)
    calendar_month = (t + 3) % 12 + 1  # 2014-04 is April
    rate = 1000 * (1 + growth) ** t * (1 + 0.2 * np.cos(2 * np.pi * (calendar_month - 7) / 12))
    counts = np.random.default_rng(seed).poisson(rate[:months]).astype(float)
    return monthly(counts, start="2014-04"), rate


def test_a_flat_seasonal_series_projects_its_own_level():
    series, rate = seasonal_counts(39, growth=0.0, seed=1)  # to 2017-06
    found = project_financial_year(series, indicator="rape", area="x", as_of="2017-06")
    assert found.year == "2017/18" and found.first_month == "2017-04"
    assert found.months_observed == 3 and found.observed == series["2017-04":"2017-06"].sum()
    expected = rate[36:48].sum()  # the year's rates: 12,000
    assert found.projected == pytest.approx(expected, rel=0.03)
    assert found.lower < found.projected < found.upper  # coverage: the seeded-years test
    assert found.previous == series["2016-04":"2017-03"].sum()
    assert abs(found.percent) < 4


def test_a_rising_series_projects_the_rise():
    series, rate = seasonal_counts(39, growth=0.01, seed=2)
    found = project_financial_year(series, indicator="x", area="y", as_of="2017-06")
    previous = rate[24:36].sum()
    true_percent = 100 * (rate[36:48].sum() - previous) / previous  # 1.01^12 - 1 = 12.7%
    assert found.percent == pytest.approx(true_percent, abs=4)
    assert found.percent_lower < found.percent < found.percent_upper


def test_the_interval_holds_the_year_in_most_seeded_years():
    held = 0
    for seed in range(10):
        series, rate = seasonal_counts(30, growth=0.005, seed=100 + seed)  # to 2016-09
        found = project_financial_year(series, indicator="x", area="y", as_of="2016-09")
        # The year 2016/17: April to September seen, October to March as they came.
        actual = series["2016-04":].sum() + np.random.default_rng(seed).poisson(rate[30:36]).sum()
        held += found.lower <= actual <= found.upper
    assert held >= 7  # nominal 90%


def test_the_more_of_the_year_is_left_the_wider_the_interval_against_the_model_s():
    # The model's spread, widened by a quarter for each month projected after the first, to at
    # most 2.25 from six months: in February, one month left, the model's own; in May, ten
    # left, 2.25 times the model's on either side of the projection.
    series, _ = seasonal_counts(35, growth=0.0, seed=6)  # to 2017-02
    late = project_financial_year(series, indicator="x", area="y", as_of="2017-02")
    assert (late.lower, late.upper) == (late.model_lower, late.model_upper)
    early = project_financial_year(series, indicator="x", area="y", as_of="2016-05")
    assert early.upper - early.projected == pytest.approx(
        2.25 * (early.model_upper - early.projected), rel=0.01
    )
    assert early.projected - early.lower == pytest.approx(
        2.25 * (early.projected - early.model_lower), rel=0.01
    )


def test_the_same_data_give_the_same_projection():
    series, _ = seasonal_counts(30, growth=0.0, seed=3)
    first = project_financial_year(series, indicator="x", area="y", as_of="2016-09")
    assert first == project_financial_year(series, indicator="x", area="y", as_of="2016-09")


def test_missing_months_are_estimated_and_counted():
    series, _ = seasonal_counts(39, growth=0.0, seed=4)
    series["2017-05"] = np.nan
    series["2016-08"] = np.nan
    found = project_financial_year(series, indicator="x", area="y", as_of="2017-06")
    assert found.months_estimated == 1
    assert found.previous is None  # 2016/17 has a missing month: no percentage against it
    assert found.percent is None


def test_too_short_a_history_or_later_months_are_not_used():
    series, _ = seasonal_counts(39, growth=0.0, seed=5)
    assert project_financial_year(series[:23], indicator="x", area="y", as_of="2016-02") is None
    later = project_financial_year(series, indicator="x", area="y", as_of="2016-06")
    cut = project_financial_year(series[:27], indicator="x", area="y", as_of="2016-06")
    assert later == cut
