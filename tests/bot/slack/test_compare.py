"""``/scrutiny compare``, through signed requests at the running server: the user's force beside
its region on the Home Office table (figures summed from the CSV with the csv module alone), a
division beside its force on street counts (summed by hand), the same errors as ``scrutiny
compare``, sensitive indicators only where cleared, and the slow-work queue like ``show``."""

from __future__ import annotations

import calendar
import threading
from dataclasses import replace

import pytest

from storage.db import open_db
from storage.ingest import ingest, list_inputs
from tests.bot.conftest import SECRET, SENSITIVE_CHANNEL, TracedDatabases, running_server
from tests.bot.slack.test_http import ask, reply_text
from tests.bot.slack_requests import post, slash_body
from tests.ingest_time import NOW
from tests.storage.home_office_table import SLICE, burglary, read_rows, regions, totals


@pytest.fixture
def national_db_path(data_db_path):
    """The street data (Lancashire, 2019-01 to 2021-12) and the Home Office slice."""
    db = open_db(data_db_path)
    ingest(db, list_inputs([SLICE]), now=NOW)
    db.close()
    return data_db_path


@pytest.fixture
def national(settings, national_db_path):
    with running_server(settings, TracedDatabases(national_db_path)) as running:
        yield running


def table(reply) -> dict[str, list[str]]:
    """Each area's figures as the phone table shows them: "Name (level)" -> its cells."""
    text = reply["blocks"][1]["text"]["text"].replace("&amp;", "&")
    lines = text.split("```")[1].strip("\n").split("\n")
    return {name: figures.split() for name, figures in zip(lines[1::2], lines[2::2], strict=True)}


def shown(current: int, previous: int) -> list[str]:
    """The cells as the report writes them: 13,000  11,688  +1,312  +11.2%."""
    percent = f"{100 * (current - previous) / previous:+.1f}%".replace(".0%", "%")
    return [f"{current:,}", f"{previous:,}", f"{current - previous:+,}", percent]


def test_the_users_force_by_default_beside_its_region(national, slack):
    _, reply = ask(national, slack, "compare burglary 2017-06")
    rows = read_rows(SLICE)
    now, before = totals(rows, "30-06-2017", burglary), totals(rows, "30-06-2016", burglary)
    north_west = regions(rows)["North West"]
    assert reply["blocks"][0]["text"]["text"] == (
        "Burglary: 12 months to June 2017 against the 12 months to June 2016"
    )
    assert table(reply) == {
        "Lancashire (force)": shown(now["Lancashire"], before["Lancashire"]),
        "North West Region (region)": shown(
            sum(now[f] for f in north_west), sum(before[f] for f in north_west)
        ),
    }
    assert table(reply)["Lancashire (force)"] == ["13,000", "11,688", "+1,312", "+11.2%"]
    text = reply_text(reply)
    assert "in North West Region" in text and "Rank by percentage change" in text
    assert "police recorded crime (Home Office)" in text


def test_without_a_month_the_latest_period_end_of_the_table(national, slack):
    _, reply = ask(national, slack, "compare burglary")
    ends = {row["12 months ending"] for row in read_rows(SLICE)}
    year, month = max((int(e[-4:]), int(e[3:5])) for e in ends)  # dd-mm-yyyy
    latest = f"{calendar.month_name[month]} {year}"
    assert reply["blocks"][0]["text"]["text"].startswith(f"Burglary: 12 months to {latest}")


def test_a_division_beside_its_force_on_street_counts(national, slack):
    _, reply = ask(national, slack, "compare robery south 2021-12")
    # write_data: robberies a month are Preston 10, Chorley 6 and Blackpool 8, each plus i % 3
    # (i = 0 from January 2019), Preston 40 instead of 10 in December 2021. Any 12 months in a
    # row add 12 for i % 3: South (Preston and Chorley) 2021: 120 + 12 + 30 + 72 + 12 = 246,
    # 2020: 132 + 84 = 216; the force adds Blackpool's 96 + 12 to each.
    assert table(reply) == {
        "South Division (division)": shown(246, 216),
        "Lancashire (force)": shown(246 + 108, 216 + 108),
    }
    assert "police.uk street-level" in reply_text(reply)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("compare jaywalking", "I don't know the indicator “jaywalking”"),
        ("compare burglary atlantis", "I don't know the area “atlantis”"),
        ("compare burglary 2019-06", "2019-06 is outside the data"),
        ("compare burglary 2017-05", "2017-05 is not a period end of the Home Office table"),
        ("compare burglary kent 2017-06", "no national figures for Kent"),
        ("compare robbery south 2023-06", "Cannot compare Robbery in South Division"),
        ("compare police officers kent", "Kent has no figures of Police officers (headcount)"),
    ],
)
def test_errors_say_what_is_wrong(national, slack, text, said):
    _, reply = ask(national, slack, text)
    assert said in reply_text(reply)
    assert "Traceback" not in reply_text(reply)


def test_no_national_data_is_said(server, slack):
    _, reply = ask(server, slack, "compare burglary")
    assert "Cannot compare Burglary in Lancashire: no national figures are loaded" in reply_text(
        reply
    )


def test_an_unknown_area_gets_the_closest_areas(national, slack):
    _, reply = ask(national, slack, "compare burglary prxstxn")
    assert "I don't know the area “prxstxn”" in reply_text(reply)
    assert "Did you mean `preston`" in reply_text(reply)


def test_any_force_of_the_table_by_its_spelling_loaded_or_not(national, slack):
    # Cumbria has national figures only: it is no stored area, and compare still knows it.
    _, reply = ask(national, slack, "compare burglary cumbria constabulary 2017-06")
    rows = read_rows(SLICE)
    now, before = totals(rows, "30-06-2017", burglary), totals(rows, "30-06-2016", burglary)
    assert table(reply)["Cumbria (force)"] == shown(now["Cumbria"], before["Cumbria"])


def test_sensitive_indicators_only_in_cleared_channels(national, slack):
    _, reply = ask(national, slack, "compare rape", name="general")
    assert "Rape is a sensitive indicator" in reply_text(reply)
    _, reply = ask(national, slack, "compare rape", name="cleared", channel_id=SENSITIVE_CHANNEL)
    assert "sensitive indicator" not in reply_text(reply)


def test_compare_waits_in_the_slow_work_queue_like_show(settings, national_db_path, slack):
    one = replace(settings, slow_threads=1, slow_queue=1, slow_per_user=1)
    with running_server(one, TracedDatabases(national_db_path)) as running:
        answering = threading.Event()  # the first compare's answer is on its way: it is queued

        def hold_the_first(name, body):
            if name == "first":
                answering.set()
            return name == "first"

        slack.hold_responses(hold_the_first)
        first = slash_body("compare burglary 2017-06", response_url=slack.response_url("first"))
        assert post(running.events, first, secret=SECRET).status == 200
        assert answering.wait(timeout=10)
        # The queue's one place is taken: a second compare is told to try again, help is not.
        _, busy = ask(running, slack, "compare robbery", name="second")
        _, helped = ask(running, slack, "help", name="help")
        slack.release_responses()
        assert "busy" in busy["text"] and "What you can ask scrutiny" in reply_text(helped)
        (answered,) = slack.wait_for_response("first")
        assert "Lancashire (force)" in reply_text(answered)
