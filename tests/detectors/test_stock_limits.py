"""A stock (a headcount) is tested on its own month-to-month moves: Poisson's noise for 2,860
events a month (about 53) would hide a loss of 40 officers that is plainly exceptional."""

import numpy as np

from detectors import assess
from tests.detectors.synthetic import month_at, monthly, series_input


def _headcounts():
    """36 months of officers moving by a few a month around 2,860, then 40 fewer."""
    rng = np.random.default_rng(5)
    values = monthly(np.r_[2860 + rng.integers(-3, 4, 36), 2820])
    return values


def test_a_headcount_is_charted_on_its_own_moves():
    values = _headcounts()
    found = assess(series_input(values, "police-officers", unit="level"), month_at(values, -1))
    # XmR: mean moving range about 2.3 here, so 3 sigma = 2.66 x 2.3 = about 6 officers.
    assert found.limits.upper - found.limits.centre < 15
    assert found.method == "xmr"
    assert ("beyond-limit", "down") in {(c.rule, c.direction) for c in found.candidates}


def test_as_a_count_of_events_the_same_fall_is_lost_in_poisson_noise():
    values = _headcounts()
    found = assess(series_input(values, "police-officers"), month_at(values, -1))
    assert found.limits.upper - found.limits.centre > 150  # 3 x sqrt(2,860) = 160
    assert ("beyond-limit", "down") not in {(c.rule, c.direction) for c in found.candidates}
