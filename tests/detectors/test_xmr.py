import math

import pytest

from detectors import xmr

REFERENCE = [1, 2, 1, 2, 10, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1]


def test_reference_case_screened():
    limits = xmr(REFERENCE).limits()
    assert round(limits.centre, 2) == 1.94
    assert (round(limits.lower, 2), round(limits.upper, 2)) == (-0.72, 4.60)


def test_reference_case_unscreened():
    limits = xmr(REFERENCE, screen=False).limits()
    assert round(limits.centre, 2) == 1.94
    assert (round(limits.lower, 2), round(limits.upper, 2)) == (-3.06, 6.95)


def test_screen_drops_the_two_ranges_the_spike_made():
    chart = xmr(REFERENCE)
    assert chart.screened == 2 and chart.mean_mr == 1.0 and chart.ranges == 15


def test_near_limits_are_two_sigma():
    # NHSRplotthedots, R/ptd_spc_standard.R, ptd_spc_standard(): limit <- 2.66, limitclose <-
    # 2 * (limit / 3), nupl = mean + limitclose * amr. Here amr (mean_mr) is 1.0.
    limits = xmr(REFERENCE).limits()
    assert limits.near_upper - limits.centre == pytest.approx(1.7733333333333, abs=1e-12)
    assert limits.centre - limits.near_lower == pytest.approx(1.7733333333333, abs=1e-12)
    assert xmr(REFERENCE).sigma == pytest.approx(2.66 / 3)


def test_missing_months_are_skipped_not_zero():
    assert xmr([10, math.nan, 12, 14]).mean_mr == pytest.approx(2.0)
    assert xmr([10, math.nan, 12, 14]).centre == 12


def test_no_range_spans_into_a_new_piece():
    chart = xmr([10, 11, 10, 50, 51, 50], starts=[3])
    assert chart.mean_mr == pytest.approx(1.0) and chart.ranges == 4


def test_needs_two_points():
    with pytest.raises(ValueError):
        xmr([3.0, math.nan])
