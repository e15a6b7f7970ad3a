import numpy as np
import pytest

from detectors.run_rules import monotone_run, side_run, two_of_three


def test_side_run_counts_back_from_the_last_point():
    assert side_run(np.array([-1, 2, 3, 1, 4])) == ("up", 4)
    assert side_run(np.array([1, -2, -3])) == ("down", 2)


def test_a_point_on_the_centre_breaks_the_run():
    assert side_run(np.array([1, 1, 0, 1])) == ("up", 1)
    assert side_run(np.array([1, 1, 0])) is None


def test_monotone_run_counts_points_not_steps():
    assert monotone_run(np.array([5, 1, 2, 3, 4, 5, 6, 7])) == ("up", 7)
    assert monotone_run(np.array([3, 2, 1])) == ("down", 3)


def test_equal_neighbours_break_a_trend():
    assert monotone_run(np.array([1, 2, 2, 3])) == ("up", 2)
    assert monotone_run(np.array([1, 1])) is None


# Two out of three, as NHSRplotthedots (nhs-r-community/NHSRplotthedots) defines it:
# R/ptd_spc_standard.R, ptd_spc_standard(): close_to_limits = !outside_limits & (y < nlpl |
# y > nupl), outside_limits = y > upl | y < lpl, relative_to_mean = sign(y - mean);
# R/ptd_calculate_point_type.R, ptd_two_in_three(): three consecutive points with
# sum(close_to_limits) >= 2 and abs(sum(relative_to_mean)) == 3, and ptd_part_of_two_in_three():
# only the close points are marked. The cases below are those of its
# tests/testthat/test-ptd_calculate_point_type.R, as z-scores: a close point at 2.5 sigma, any
# other at 0.5, each on the side relative_to_mean gives; the verdict is the reference's mark
# on the last point.


def _z(close, side):
    return np.array([(2.5 if c else 0.5) * s for c, s in zip(close, side, strict=True)])


@pytest.mark.parametrize(
    "close, side, marked",
    [
        ((1, 0, 1), (1, 1, 1), "up"),
        ((0, 1, 1), (1, 1, 1), "up"),
        ((1, 1, 0), (1, 1, 1), None),  # the reference marks the first two, not the third
        ((1, 0, 1), (-1, -1, -1), "down"),
        ((1, 0, 1), (1, -1, 1), None),  # "points are on opposite sides of the mean"
        ((0, 1, 1), (1, -1, 1), None),
        ((1, 1, 0), (1, -1, 1), None),
        ((1, 0, 0, 1), (1, 1, 1, 1), None),  # hv: nothing marked
        ((1, 0, 0, 1, 1), (1, 1, 1, 1, 1), "up"),  # iv: marks (0, 0, 0, 1, 1)
        ((0, 0, 1, 0, 1), (1, 1, 1, 1, 1), "up"),  # fv: marks (0, 0, 1, 0, 1, ...)
    ],
)
def test_two_of_three_as_the_reference_marks_the_last_point(close, side, marked):
    assert two_of_three(_z(close, side)) == marked


def test_two_of_three_cannot_look_ahead():
    # iv = (1, 0, 0, 1, 1): the reference marks the fourth point because of the fifth.
    assert two_of_three(_z((1, 0, 0, 1), (1, 1, 1, 1))) is None


def test_a_point_on_the_mean_is_on_neither_side():
    # relative_to_mean = sign(0) = 0, so abs(sum(relative_to_mean)) is 2, not 3.
    assert two_of_three(np.array([2.5, 0.0, 2.5])) is None


def test_a_point_beyond_the_limits_is_not_close_to_them():
    assert two_of_three(np.array([3.5, 0.5, 2.5])) is None
    assert two_of_three(np.array([3.5, 2.5, 2.5])) == "up"


def test_close_means_beyond_the_near_limit_and_not_beyond_the_limit():
    # y > nupl (strictly) and not y > upl: 2 sigma exactly is not close, 3 sigma exactly is.
    assert two_of_three(np.array([2.5, 0.5, 2.0])) is None
    assert two_of_three(np.array([2.5, 0.5, 3.0])) == "up"


def test_two_of_three_needs_three_points():
    assert two_of_three(np.array([2.5, 2.5])) is None
