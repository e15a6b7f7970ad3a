from detectors.finding import YearOnYear
from detectors.small_numbers import SMALL_NUMBERS, rests_on_small_numbers, small_numbers


def test_modern_slavery_up_550_percent_rests_on_small_numbers():
    # 14 -> 91: +77, +550%.
    assert rests_on_small_numbers(14, 550.0)


def test_the_threshold_is_the_base_of_the_percentage():
    assert rests_on_small_numbers(SMALL_NUMBERS - 1, 10.0)
    assert not rests_on_small_numbers(SMALL_NUMBERS, 600.0)
    assert not rests_on_small_numbers(0, None)  # no percentage of nothing


def test_proportions_never_get_it():
    proportion = YearOnYear("s", "x", "2017-06", 0.8, 0.7, 0.1, 14.3, 0.2, False, "proportion")
    count = YearOnYear("s", "x", "2017-06", 91, 14, 77, 550.0, 0.001, True, "count")
    assert not small_numbers(proportion) and small_numbers(count)
