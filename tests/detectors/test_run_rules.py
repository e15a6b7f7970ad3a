import numpy as np

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


def test_two_of_three_beyond_two_sigma_on_one_side():
    assert two_of_three(np.array([2.5, 0.1, 2.1])) == "up"
    assert two_of_three(np.array([0.0, -2.2, -2.0])) == "down"
    assert two_of_three(np.array([2.5, 0.1, -2.1])) is None  # other side
    assert two_of_three(np.array([2.5, 2.5, 1.9])) is None  # the month tested must be one
