"""The house style of the 2017 report, phrase by phrase (formats, in_year, wording)."""

from __future__ import annotations

import json
import math
from dataclasses import replace

import pytest

from detectors import RULES
from detectors.data_quality import Revision, revised_months
from detectors.month_average import MonthAverage
from messages import formats, in_year, query_replies, wording
from tests.messages.samples import (
    ALL_CRIME,
    EXCEPTIONAL,
    OFFICERS,
    ROBBERY,
    ROBBERY_YOY,
    SATISFACTION,
    SATISFACTION_YOY,
    yoy,
)


@pytest.mark.parametrize(
    "x, text",
    [
        (12020, "12,020"),
        (15.34, "15.3"),
        (24.0, "24"),
        (-0.01, "0"),
        (math.nan, "n/a"),
        (0.5, "0.5"),
    ],
)
def test_number(x, text):
    assert formats.number(x) == text


@pytest.mark.parametrize(
    "value, expected, phrase",
    [
        (33, 15.3, "over twice"),
        (30, 15, "twice"),
        (27, 14, "nearly twice"),
        (21, 15.3, "37.3% above"),
        (15, 15.3, "2% below"),
        (15.3, 15.3, "in line with"),
        (10, 15.3, "34.6% below"),
        (5, 15.3, "less than half"),
        (0, 15.3, "against"),
        (50, 4.9, "over ten times"),
        (120, 4, "30 times"),
        (3, 0, "against"),
    ],
)
def test_ratio_phrase(value, expected, phrase):
    assert wording.ratio_phrase(value, expected) == phrase


def test_the_report_sentence_for_an_exceptional_month():
    assert wording.figure_sentence(EXCEPTIONAL, ROBBERY) == (
        "33 robberies in May 2017, over twice the three-year average of 15.3; "
        "above the upper control limit of 24."
    )


def test_a_shorter_baseline_is_named_by_its_length():
    ev = replace(EXCEPTIONAL.evidence, baseline_start="2016-05", baseline_end="2017-04")
    assert wording.baseline_name(ev) == "one-year average"
    assert wording.baseline_name(replace(ev, baseline_start="2016-08")) == "9-month average"


def test_shift_and_trend_say_how_long_and_since_when():
    shift = replace(
        EXCEPTIONAL,
        kind="shift",
        value=18,
        evidence=replace(EXCEPTIONAL.evidence, rule="shift", start_month="2016-11", run_length=7),
    )
    assert wording.figure_sentence(shift, ROBBERY).endswith(
        "above the average for 7 months in a row, since November 2016."
    )


def test_a_follow_up_inside_the_limits_names_no_rule():
    inside = replace(
        EXCEPTIONAL,
        value=18,
        status="continuing",
        evidence=replace(EXCEPTIONAL.evidence, rule="remains-shift"),
    )
    assert wording.figure_sentence(inside, ROBBERY) == (
        "18 robberies in May 2017, 17.6% above the three-year average of 15.3."
    )


def test_year_on_year_lines():
    assert in_year.year_on_year_sentence(ROBBERY_YOY, ROBBERY) == (
        "In year: up 38.9% (+210) on the previous 12 months; statistically significant."
    )
    assert (
        in_year.change_phrase(yoy("all-crime", "x", 111_320, 99_300), ALL_CRIME)
        == "Up 12.1% (+12,020 crimes)"
    )
    assert in_year.change_phrase(SATISFACTION_YOY, SATISFACTION) == (
        "Down 2.9 percentage points from 82.6% to 79.7%"
    )
    assert in_year.report_sentence(SATISFACTION_YOY, SATISFACTION).endswith(
        "This is not statistically significant and should be treated as no change."
    )


def test_small_numbers_and_missing_months_are_said():
    slavery = yoy("modern-slavery", "x", 57, 8)
    assert "small numbers involved" in in_year.year_on_year_sentence(slavery, ROBBERY)
    partial = replace(ROBBERY_YOY, months_current=10)
    assert (
        "annualised from 10 months of data in the last 12 months"
        in in_year.year_on_year_sentence(partial, ROBBERY)
    )
    assert in_year.change_phrase(yoy("x", "y", 49, 0), ROBBERY) == "Up from 0 to 49 robberies"


def test_months():
    assert formats.month_long("2017-05") == "May 2017"
    assert formats.month_end_long("2017-06") == "30th June 2017"
    assert formats.in_year_periods("2017-06") == (
        "July 2016 to June 2017",
        "July 2015 to June 2016",
    )
    with pytest.raises(ValueError, match="YYYY-MM"):
        formats.month_long("May 2017")


def test_sparkline_keeps_gaps():
    assert formats.sparkline([1, 2, math.nan, 8]) == "▁▂·█"
    assert formats.sparkline([math.nan, math.nan]) == "··"


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_the_reasons_and_the_explanation_use_the_registry_words(rule):
    finding = replace(EXCEPTIONAL, evidence=replace(EXCEPTIONAL.evidence, rule=rule.name))
    assert wording.why_items(finding, ROBBERY)[0].startswith(f"Rule: {rule.wording}, ")
    assert rule.explanation in json.dumps(
        query_replies.explain_reply(finding, ROBBERY, "South Division").blocks
    )


def test_a_rule_no_version_reports_any_more_is_shown_by_its_name():
    old = replace(EXCEPTIONAL, evidence=replace(EXCEPTIONAL.evidence, rule="2-of-3-near-limit"))
    assert wording.why_items(old, ROBBERY)[0].startswith("Rule: 2-of-3-near-limit, ")


@pytest.mark.parametrize(
    ("average", "indicator", "text"),
    [
        (  # 36 months: the report's three-year average; a count's average is so many a month
            MonthAverage("2022-10", 16, 14.5, "2019-10", "2022-09", 33),
            ROBBERY,
            "against the three-year average of 14.5 a month",
        ),
        (
            MonthAverage("2021-12", 42, 10.97, "2019-01", "2021-11", 35, since="data-start"),
            ROBBERY,
            "against the average of 11 a month since January 2019",
        ),
        (
            MonthAverage("2018-01", 33, 30, "2017-04", "2017-12", 9, since="counting-change"),
            ROBBERY,
            "against the average of 30 a month since the April 2017 counting change",
        ),
        (  # neither the full window nor a reason it is shorter: its length is said
            MonthAverage("2022-10", 16, 14.5, "2021-03", "2022-09", 19),
            ROBBERY,
            "against the average of 14.5 a month over the 19 months to September 2022",
        ),
        (
            MonthAverage("2022-10", 0.8, 0.781, "2019-10", "2022-09", 36, measure="proportion"),
            SATISFACTION,
            "against the three-year average of 78.1%",
        ),
        (  # a headcount is a level, not so many a month
            MonthAverage("2017-06", 2864, 2852.4, "2014-06", "2017-05", 36, measure="stock"),
            OFFICERS,
            "against the three-year average of 2,852",
        ),
    ],
)
def test_a_month_against_its_average_names_the_average_for_what_it_is(average, indicator, text):
    assert wording.against_average(average, indicator) == text


def test_a_data_problem_is_summed_up_in_its_notices_words_not_as_a_count():
    notice = revised_months(
        "lancashire", [Revision("2021-03", 10_000, 9_400, "blake3:" + "a" * 64)], "2021-10"
    )[0]
    line = wording.summary_line(notice, ROBBERY, "Lancashire")
    assert line == (
        "Data check, Lancashire, March 2021: a month loaded again with different totals; "
        "10,000 rows were loaded for March 2021 before and 9,400 now (-6.0%): alerts already "
        "sent for it used the first figures; runs from now on use the new ones."
    )
