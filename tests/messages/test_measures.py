"""What a figure means in words: a stock (a headcount) is the month against a year before, "up
0.14% (4 officers)", never a 12-month sum; small percentages keep two decimals."""

from __future__ import annotations

import pytest

from detectors.finding import YearOnYear
from messages import formats, in_year
from tests.messages.samples import Indicator

OFFICERS = Indicator(
    "police-officers",
    "Police officers (headcount)",
    "officers",
    "Protecting Local Policing",
    bad_direction="down",
)
# The report's officers: 2,860 at the end of June 2016, 2,864 a year later (4 / 2,860 = 0.14%).
OFFICERS_YOY = YearOnYear(
    indicator="police-officers",
    area="lancashire",
    as_of="2017-06",
    current=2864,
    previous=2860,
    change=4,
    percent=100 * 4 / 2860,
    p_value=None,
    significant=False,
    months_current=1,
    months_previous=1,
    measure="stock",
)


@pytest.mark.parametrize(
    "p, text",
    [
        (0.13986, "0.14%"),
        (0.04, "0.04%"),
        (0.5, "0.5%"),
        (12.1, "12.1%"),
        (13.0, "13%"),
        (612.5, "612.5%"),
        (0.999, "1%"),
        (-0.001, "0%"),
    ],
)
def test_percentages_below_one_keep_two_decimals(p, text):
    assert formats.percentage(p) == text


def test_a_headcount_is_worded_as_the_report_words_it():
    assert in_year.change_phrase(OFFICERS_YOY, OFFICERS) == "Up 0.14% (4 officers)"
    assert in_year.compact_change(OFFICERS_YOY, OFFICERS) == "Up 0.14% (4 officers)"
    assert in_year.year_on_year_sentence(OFFICERS_YOY, OFFICERS) == (
        "In year: up 0.14% (4 officers) against a year before, from 2,860 to 2,864 officers."
    )
    assert in_year.report_sentence(OFFICERS_YOY, OFFICERS) == (
        "The 'In Year Performance' versus the 'Previous 12 Month Period' is up 0.14% "
        "(4 officers) based on the count at 30th June 2017 (2,864 officers)."
    )


def test_a_headcount_has_no_annualising_or_small_number_notes():
    few = YearOnYear(
        **{**OFFICERS_YOY.__dict__, "current": 12, "previous": 6, "change": 6, "percent": 100.0}
    )
    assert in_year.caveats(few) == [] and in_year.coverage_note(few) == ""
    assert in_year.change_phrase(few, OFFICERS) == "Up 100% (6 officers)"


def test_a_fall_in_headcount_has_no_sign_in_brackets():
    down = YearOnYear(
        **{
            **OFFICERS_YOY.__dict__,
            "current": 271,
            "previous": 357,
            "change": -86,
            "percent": 100 * -86 / 357,
        }
    )
    assert in_year.change_phrase(down, OFFICERS) == "Down 24.1% (86 officers)"
