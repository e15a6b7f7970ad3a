"""``show``'s month against its average: the plain mean of the months before it, in the
detectors' window (36 months, from the last classification break), with known answers."""

from __future__ import annotations

import math

from detectors.month_average import month_against_average
from tests.detectors.synthetic import monthly

# 2015-01 .. 2018-01: 36 months of 10 and 20 alternating (mean 15), then 16.
FULL = monthly([10, 20] * 18 + [16])


def test_the_month_against_the_mean_of_the_36_months_before():
    found = month_against_average(FULL, "2018-01")
    assert found is not None
    assert (found.value, found.average, found.points) == (16, 15, 36)
    assert (found.first, found.last, found.since) == ("2015-01", "2017-12", "")


def test_only_the_36_months_before_count():
    # 2015-01 is 100, outside the window of 2018-02: the window's mean is (20 + 10 + ...) / 36.
    values = monthly([100] + [10, 20] * 18 + [30])
    found = month_against_average(values, "2018-02")
    assert found.first == "2015-02" and found.average == 15


def test_missing_months_are_left_out_not_counted_as_zero():
    values = FULL.copy()
    values.iloc[[1, 3]] = math.nan  # two of the 20s
    found = month_against_average(values, "2018-01")
    assert found.points == 34
    assert found.average == (18 * 10 + 16 * 20) / 34


def test_later_months_are_never_used():
    values = monthly([10, 20] * 18 + [16, 1000, 1000])
    assert month_against_average(values, "2018-01").average == 15


def test_data_that_start_later_say_so():
    values = monthly([12, 14, 16, 18, 20])
    found = month_against_average(values, "2015-05")
    assert (found.average, found.since, found.first) == (15, "data-start", "2015-01")


def test_a_classification_break_starts_the_average_again():
    # Counting changes in 2017-01: the 12 months from it are 30 each; before, 10 and 20.
    values = monthly([10, 20] * 12 + [30] * 12 + [33])
    found = month_against_average(values, "2018-01", breaks=["2017-01"])
    assert (found.average, found.first, found.points) == (30, "2017-01", 12)
    assert found.since == "counting-change"


def test_a_break_before_the_window_changes_nothing():
    assert month_against_average(FULL, "2018-01", breaks=["2014-01"]).since == ""


def test_nothing_to_say_for_a_missing_month_a_break_month_or_too_little_history():
    values = FULL.copy()
    values.iloc[-1] = math.nan
    assert month_against_average(values, "2018-01") is None
    assert month_against_average(FULL, "2018-01", breaks=["2018-01"]) is None
    assert month_against_average(monthly([10, 20, 30]), "2015-03") is None  # two before
    assert month_against_average(FULL, "2019-01") is None  # not in the series
