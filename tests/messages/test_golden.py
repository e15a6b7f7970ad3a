"""One golden file per message kind (see conftest.py for regenerating them)."""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from detectors.comparison import Comparison, Rank, Row
from detectors.month_average import month_against_average
from messages import query_replies as replies
from messages.acknowledged import ACK_NOTE, acknowledged_message, snoozed_message
from messages.alert import alert_message
from messages.breakdown import breakdown_message
from messages.digest import digest_messages
from messages.follow_up import follow_up_message
from messages.inputs import AreaMonth, NamedFinding
from tests.messages.samples import (
    ALL_CRIME,
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
    national_all_crime,
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
            average=month_against_average(robbery_series(), "2017-05"),
            open_findings=[EXCEPTIONAL],
        ),
    )


def test_query_show_without_its_chart_is_the_same_message():
    args = (ROBBERY, "South Division", "south", "2017-05", robbery_series())
    kwargs = {
        "year_on_year": ROBBERY_YOY,
        "average": month_against_average(robbery_series(), "2017-05"),
        "open_findings": [EXCEPTIONAL],
    }
    with_chart = replies.indicator_reply(*args, **kwargs)
    without = replies.indicator_reply(*args, **kwargs, chart=False)
    assert with_chart.chart is not None and without.chart is None
    assert (without.text, without.blocks) == (with_chart.text, with_chart.blocks)


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


def test_query_compare(golden):
    golden(
        "query_compare",
        replies.comparison_reply(
            national_all_crime(), ALL_CRIME, ("England & Wales is its 43 police force areas",)
        ),
    )


def test_query_compare_a_proportion_in_points(golden):
    def row(level, area, name, current, previous):
        return Row(
            level,
            area,
            name,
            "the force's own figures",
            current,
            previous,
            current - previous,
            None,
        )

    compared = Comparison(
        indicator="victim-satisfaction",
        month="2017-06",
        measure="proportion",
        rows=(
            row("division", "south", "South Division", 0.805, 0.755),
            row("force", "lancashire", "Lancashire", 0.79, 0.78),
        ),
        forces_up=None,
        forces=None,
        ranks=(Rank("force", "lancashire", "Lancashire", 1, 3),),
        notes=(),
    )
    golden("query_compare_proportion", replies.comparison_reply(compared, SATISFACTION, ()))


def test_the_compare_table_fits_a_phone():
    # England & Wales' all crime, the widest figures: 4,440,000 and +548,727.
    message = replies.comparison_reply(national_all_crime(), ALL_CRIME, ())
    table = message.blocks[1]["text"]["text"].split("```")[1].strip("\n").split("\n")
    assert max(len(line) for line in table) <= 40
    assert "England &amp; Wales (national)" in table


def test_query_help(golden):
    golden(
        "query_help",
        replies.help_reply(
            [
                replies.CommandHelp("help", "this list", "help", ("?",)),
                replies.CommandHelp(
                    "show INDICATOR [AREA] [MONTH]",
                    "one indicator: the month's figure, the trend, a chart and open alerts",
                    "show robbery south 2022-10",
                ),
                replies.CommandHelp(
                    "explain ALERT | INDICATOR [AREA]",
                    "why an alert fired",
                    "explain robbery west",
                    ("why",),
                ),
            ]
        ),
    )


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
            replies.unknown_command_reply("shwo", ["show"]),
            replies.unknown_indicator_reply("robbry", ["robbery"]),
            replies.unknown_area_reply("sotuh", ["south"]),
            replies.unknown_alert_reply("nope"),
            replies.bad_month_reply("May"),
            replies.sensitive_reply(RAPE),
            replies.no_data_reply(ROBBERY, "Preston", "2020-06"),
        ],
    )


ACKNOWLEDGED_AT = datetime(2017, 6, 12, 9, 5, tzinfo=ZoneInfo("Europe/London"))


def test_acknowledged_alert(golden):
    alert = alert_message(EXCEPTIONAL, ROBBERY, "South Division", can_break_down=True)
    once = acknowledged_message(alert.text, alert.blocks, user_id="U123", at=ACKNOWLEDGED_AT)
    golden("acknowledged", once)
    # Acknowledged again (by a click that raced the update): still one note, the newer one.
    twice = acknowledged_message(once.text, once.blocks, user_id="U456", at=ACKNOWLEDGED_AT)
    assert sum(b.get("block_id") == ACK_NOTE for b in twice.blocks) == 1
    assert "<@U456>" in twice.blocks[-1]["elements"][0]["text"]


def test_acknowledged_by_something_that_is_not_a_user_id_pings_nobody():
    alert = alert_message(EXCEPTIONAL, ROBBERY, "South Division")
    note = acknowledged_message(alert.text, alert.blocks, user_id="<!channel>", at=ACKNOWLEDGED_AT)
    assert "Acknowledged by &lt;!channel&gt; on 12 Jun 2017 09:05" in str(note.blocks[-1])


def test_acknowledged_text_is_escaped_once():
    at = ACKNOWLEDGED_AT
    sent = acknowledged_message("Crime &amp; Safety", [], user_id="U1X", at=at)
    assert sent.text == "Crime &amp; Safety"  # as Slack gave it back: not escaped twice
    raw = acknowledged_message("Crime & <!channel>", [], user_id="U1X", at=at)
    assert raw.text == "Crime &amp; &lt;!channel&gt;"
    untitled = acknowledged_message("", [], user_id="U1X", at=at)
    assert untitled.text.startswith(":white_check_mark: Acknowledged by <@U1X>")


def test_snoozed(golden):
    golden("snoozed", snoozed_message("U123", "Robbery in South Division", "2017-08"))


def test_breakdown_by_area(golden):
    rows = [
        AreaMonth("Preston", 40, 11.2),
        AreaMonth("Chorley & <South> Ribble", 7, 6.4),
        AreaMonth("Wyre", 3, math.nan),
        AreaMonth("Fylde", math.nan, 5.0),
    ]
    golden(
        "breakdown",
        [
            breakdown_message(ROBBERY, "South Division", "2017-05", rows, baseline_months=36),
            breakdown_message(ROBBERY, "Preston", "2017-05", [], baseline_months=36),
        ],
    )
