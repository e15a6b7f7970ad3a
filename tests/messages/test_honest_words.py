"""Honest words: the baseline named for what it is, whole-number limits, no p-value against the
headline, "remains" only when it does, and an In Year line that never contradicts the alert."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from messages import wording
from messages.alert import alert_message
from messages.follow_up import follow_up_message
from messages.plain_text import to_plain_text
from messages.query_replies import explain_reply
from tests.messages.samples import CONTINUING, EXCEPTIONAL, ROBBERY, SHOPLIFTING, STEP, yoy


def _since(since: str, start: str):
    return replace(EXCEPTIONAL.evidence, baseline_start=start, baseline_since=since)


@pytest.mark.parametrize(
    "evidence, phrase",
    [
        (EXCEPTIONAL.evidence, "the three-year average of 15.3"),
        (
            _since("counting-change", "2017-04"),
            "the average of 15.3 since the April 2017 counting change",
        ),
        (
            _since("step-change", "2016-09"),
            "the average of 15.3 since the step change in September 2016",
        ),
        (_since("data-start", "2015-11"), "the average of 15.3 since November 2015"),
        (_since("", "2016-05"), "the average of 15.3 over the 12 months to April 2017"),
    ],
    ids=["36 months", "counting change", "step change", "data start", "short, no reason"],
)
def test_the_average_is_named_for_what_it_is(evidence, phrase):
    assert wording.average_phrase(evidence, "15.3") == phrase


def test_three_year_average_only_for_a_36_month_baseline():
    short = replace(EXCEPTIONAL, evidence=_since("data-start", "2016-02"))
    text = to_plain_text(alert_message(short, ROBBERY, "South Division"))
    assert "three-year" not in text and "since February 2016" in text
    assert "the last three years" not in text  # the method line says the same months
    assert "Beyond the range expected from the months since February 2016" in text


def test_limits_are_whole_counts_on_the_right_side_of_the_month():
    # Limits 4.6 to 23.6: a count of 4 is below 5, a count of 24 above 23.
    limits = replace(EXCEPTIONAL.limits, lower=4.6, upper=23.6)
    high = replace(EXCEPTIONAL, value=24, limits=limits)
    low = replace(EXCEPTIONAL, value=4, direction="down", limits=limits)
    assert wording.rule_clause(high, ROBBERY) == "above the upper control limit of 23"
    assert wording.rule_clause(low, ROBBERY) == "below the lower control limit of 5"


def test_a_fractional_count_is_printed_whole():
    shared = replace(EXCEPTIONAL, value=33.4)
    assert wording.figure_sentence(shared, ROBBERY).startswith("33 robberies in May 2017")


def test_an_alert_prints_no_p_value_and_explain_only_one_that_supports_it():
    weak = replace(
        EXCEPTIONAL, evidence=replace(EXCEPTIONAL.evidence, p_value=0.48, tests_in_run=1620)
    )
    strong = replace(weak, evidence=replace(weak.evidence, p_value=0.003))
    assert "p =" not in json.dumps(alert_message(strong, ROBBERY, "South Division").blocks)
    assert "p = 0.48" not in json.dumps(explain_reply(weak, ROBBERY, "South Division").blocks)
    assert "p = 0.003, adjusted for 1,620 tests" in json.dumps(
        explain_reply(strong, ROBBERY, "South Division").blocks
    )


def test_remains_exceptional_only_beyond_the_limits():
    inside = replace(CONTINUING, value=22)  # upper limit 24
    below = replace(CONTINUING, value=12)
    assert wording.status_headline(CONTINUING, ROBBERY) == "Remains exceptional"
    assert wording.status_headline(inside, ROBBERY) == "Still high, inside the limits"
    assert wording.status_headline(below, ROBBERY) == "Back near the average"


def test_a_month_inside_its_limits_is_not_exceptional():
    near = replace(EXCEPTIONAL, value=22, evidence=replace(EXCEPTIONAL.evidence, rule="2-of-3"))
    assert wording.status_headline(near, ROBBERY) == "Unusually high"
    assert "two of the last three months above the warning limit of 20" in (
        wording.figure_sentence(near, ROBBERY)
    )


def test_a_step_change_is_headed_with_the_month_it_was_confirmed_and_says_since_when():
    message = alert_message(STEP, SHOPLIFTING, "Lancashire")
    assert message.blocks[0]["text"]["text"] == "Shoplifting: Lancashire, June 2017"
    assert "since February 2016, up from 600 before" in message.blocks[1]["text"]["text"]


def test_in_year_against_a_recent_rise_says_why_both_hold():
    falling_year = yoy("robbery", "south", 150, 230)
    line = wording.in_year_line(EXCEPTIONAL, falling_year, ROBBERY)
    assert line.startswith("In year: down 34.8%")
    assert (
        "Both hold: 1 month is from May 2017 on, the rest of the 12 from before the rise." in line
    )


def test_in_year_against_a_change_most_of_the_year_old_is_left_out():
    # A step up from February 2016, confirmed in June 2017: the whole year is at the new level.
    falling_year = yoy("shoplifting", "lancashire", 6000, 9200, as_of="2017-06")
    assert wording.in_year_line(STEP, falling_year, SHOPLIFTING) == ""
    assert "In year" not in to_plain_text(
        alert_message(STEP, SHOPLIFTING, "Lancashire", year_on_year=falling_year)
    )


def test_in_year_that_agrees_is_printed_as_it_is():
    rising = yoy("robbery", "south", 230, 150)
    assert wording.in_year_line(EXCEPTIONAL, rising, ROBBERY).startswith("In year: up 53.3%")


def test_every_follow_up_names_its_indicator_and_area():
    text = to_plain_text(follow_up_message(CONTINUING, ROBBERY, "South Division"))
    assert "Robbery, South Division: Remains exceptional." in text
