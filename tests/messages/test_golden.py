"""One golden file per message kind (see conftest.py for regenerating them)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from messages import query_replies as replies
from messages.alert import alert_message
from messages.digest import digest_messages
from messages.follow_up import follow_up_message
from messages.inputs import NamedFinding
from tests.messages.samples import (
    CONTINUING,
    DIVISIONS,
    ENDED,
    EXCEPTIONAL,
    FORCE,
    LOW_SATISFACTION,
    OFFICERS,
    RAPE,
    ROBBERY,
    ROBBERY_YOY,
    SATISFACTION,
    SATISFACTION_YOY,
    SHOPLIFTING,
    STEP,
    report_inputs,
    robbery_series,
    yoy,
)


def test_alert(golden):
    golden(
        "alert",
        alert_message(
            EXCEPTIONAL,
            ROBBERY,
            "South Division",
            series=robbery_series(),
            year_on_year=ROBBERY_YOY,
        ),
    )


def test_alert_for_a_proportion_that_fell(golden):
    golden(
        "alert_proportion",
        alert_message(
            LOW_SATISFACTION,
            SATISFACTION,
            FORCE,
            year_on_year=SATISFACTION_YOY,
            can_break_down=True,
        ),
    )


def test_alert_for_a_step_change(golden):
    series = robbery_series("2017-06", 60) * 40
    golden(
        "alert_step_change",
        alert_message(
            STEP,
            SHOPLIFTING,
            FORCE,
            series=series,
            year_on_year=yoy("shoplifting", "lancashire", 8600, 7430),
        ),
    )


def test_alert_for_a_district_has_no_breakdown_and_better_is_green(golden):
    low = replace(
        EXCEPTIONAL,
        area="preston",
        direction="down",
        value=2,
        expected=15.3,
        limits=replace(EXCEPTIONAL.limits, lower=4.1),
    )
    message = alert_message(low, ROBBERY, "Preston", can_break_down=False)
    assert ":large_green_circle:" in message.blocks[1]["text"]["text"]
    golden("alert_district_better", message)


def test_fewer_officers_is_worse():
    low = replace(EXCEPTIONAL, indicator="police-officers", direction="down", value=2)
    assert ":red_circle:" in alert_message(low, OFFICERS, FORCE).blocks[1]["text"]["text"]


def test_follow_up_remains_exceptional(golden):
    golden(
        "follow_up_continuing",
        follow_up_message(CONTINUING, ROBBERY, "South Division", month_number=2),
    )


def test_follow_up_back_within_limits(golden):
    golden("follow_up_ended", follow_up_message(ENDED, ROBBERY, "South Division", month_number=3))


def test_follow_up_refuses_a_new_finding():
    with pytest.raises(ValueError, match="alert_message"):
        follow_up_message(EXCEPTIONAL, ROBBERY, "South Division")


@pytest.mark.parametrize(
    "allow_sensitive", [True, False], ids=["sensitive-channel", "general-channel"]
)
def test_digest(golden, allow_sensitive):
    figures, findings = report_inputs(charts=False)
    messages = digest_messages("2017-05", FORCE, figures, findings, allow_sensitive=allow_sensitive)
    golden(f"digest_{'sensitive' if allow_sensitive else 'general'}", messages)


def test_digest_in_a_general_channel_never_mentions_a_sensitive_indicator():
    figures, findings = report_inputs(charts=False)
    text = repr(digest_messages("2017-05", FORCE, figures, findings, allow_sensitive=False))
    assert RAPE.name not in text and RAPE.noun not in text


def test_query_show(golden):
    golden(
        "query_show",
        replies.indicator_reply(
            ROBBERY,
            "South Division",
            "south",
            "2017-05",
            robbery_series(),
            year_on_year=ROBBERY_YOY,
            open_findings=[EXCEPTIONAL],
        ),
    )


def test_query_show_a_missing_month(golden):
    golden(
        "query_show_missing_month",
        replies.indicator_reply(ROBBERY, "South Division", "south", "2014-09", robbery_series()),
    )


def test_query_alerts(golden):
    golden(
        "query_alerts",
        replies.alerts_reply(
            [
                NamedFinding(EXCEPTIONAL, ROBBERY, "South Division"),
                NamedFinding(replace(CONTINUING, area="west"), ROBBERY, "West Division"),
                NamedFinding(replace(EXCEPTIONAL, indicator="rape"), RAPE, FORCE),
            ],
            allow_sensitive=False,
        ),
    )


def test_query_alerts_none(golden):
    golden("query_alerts_none", replies.alerts_reply([], area_name="Preston", allow_sensitive=True))


def test_query_explain(golden):
    golden(
        "query_explain",
        replies.explain_reply(EXCEPTIONAL, ROBBERY, "South Division", year_on_year=ROBBERY_YOY),
    )


def test_query_help(golden):
    golden("query_help", replies.help_reply())


def test_query_lists(golden):
    golden(
        "query_indicators",
        replies.indicators_reply([ROBBERY, RAPE, SATISFACTION, OFFICERS], allow_sensitive=False),
    )
    golden(
        "query_areas",
        replies.areas_reply(
            [("lancashire", FORCE)] + [(name.split()[0].lower(), name) for name in DIVISIONS]
        ),
    )
    golden("query_subscribed", replies.subscription_reply(True, "Robbery", "Preston"))


def test_query_errors(golden):
    golden(
        "query_errors",
        [
            replies.unknown_command_reply("shwo"),
            replies.unknown_indicator_reply("robbry", ["robbery", "burglary", "rape"]),
            replies.unknown_area_reply("sotuh", ["lancashire", "east", "south", "west"]),
            replies.unknown_alert_reply("nope"),
            replies.bad_month_reply("May"),
            replies.sensitive_reply(RAPE),
            replies.no_data_reply(ROBBERY, "Preston", "2020-06"),
        ],
    )
