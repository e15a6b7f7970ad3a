import math

import pytest
from scipy import stats

from detectors.poisson import (
    conditional_tails,
    normal_tail,
    poisson_like,
    t_tail,
    two_poisson_p,
    xmr_df,
)


def test_conditional_tails_are_mid_p_binomial():
    lower, upper = conditional_tails(30, 1, 360, 36)
    binomial = stats.binom(390, 1 / 37)
    assert upper == pytest.approx(binomial.sf(30) + binomial.pmf(30) / 2)
    assert lower == pytest.approx(binomial.cdf(29) + binomial.pmf(30) / 2)


def test_equal_rates_are_not_significant_and_a_doubling_of_many_is():
    assert two_poisson_p(100, 12, 100, 12) == pytest.approx(1.0, abs=0.1)
    assert two_poisson_p(2000, 12, 1000, 12) < 1e-10


def test_small_counts_cannot_be_significant():
    # 3 against none in the previous year: too few to tell.
    assert two_poisson_p(3, 12, 0, 12) > 0.05


def test_t_tail_is_heavier_than_normal_and_converges():
    assert t_tail(3.0, 10) > normal_tail(3.0)
    assert t_tail(3.0, 1e6) == pytest.approx(normal_tail(3.0), rel=1e-3)
    assert normal_tail(0.0) == 0.5


def test_moving_range_degrees_of_freedom():
    assert xmr_df(35) == pytest.approx(21.7)
    assert xmr_df(0) == 1.0


def test_poisson_like_only_for_small_counts_that_vary_like_poisson():
    assert poisson_like(math.sqrt(20), 20, 35, 20)
    assert not poisson_like(2 * math.sqrt(20), 20, 35, 20)  # four times the variance
    assert not poisson_like(math.sqrt(200), 200, 35, 200)  # large counts: always measured
