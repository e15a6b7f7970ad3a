"""The running server: signed slash commands over HTTP, refusals, hostile input, health."""

from __future__ import annotations

import json
import re
import time

import pytest

from bot.use_cases.detection import run_detection
from storage import audit
from storage.subscriptions import list_subscriptions
from tests.bot.conftest import SECRET, SENSITIVE_CHANNEL
from tests.bot.slack_requests import get, post, slash_body


def ask(server, slack, text, *, name="r", channel_id="CALERTS", user_id="U123"):
    """Send ``/scrutiny text``; return the HTTP answer and the reply posted to response_url."""
    body = slash_body(
        text, response_url=slack.response_url(name), channel_id=channel_id, user_id=user_id
    )
    answer = post(server.events, body, secret=SECRET)
    replies = slack.wait_for_response(name) if answer.status == 200 else []
    return answer, (replies[0] if replies else None)


def reply_text(reply) -> str:
    return reply["text"] + json.dumps(reply.get("blocks", []), ensure_ascii=False)


def test_health(server):
    answer = get(server.url + "/healthz")
    assert answer.status == 200
    assert json.loads(answer.body)["ok"] is True


def test_help_is_acknowledged_at_once_and_answered_through_response_url(server, slack):
    answer, reply = ask(server, slack, "help")
    assert answer.status == 200 and answer.body == ""
    assert answer.seconds < 3
    assert reply["response_type"] == "ephemeral"
    assert "show INDICATOR" in reply_text(reply)


def test_show_matches_names_forgivingly(server, slack):
    _, reply = ask(server, slack, "show robery south")
    text = reply_text(reply)
    assert "Robbery: South Division" in text
    assert "December 2021" in text  # the latest month


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("asb south", "Anti-social behaviour: South Division"),  # not ASB repeat callers
        ("robery preston", "Robbery: Preston"),
        ("da", "Domestic abuse is a sensitive indicator"),  # read, then kept from this channel
    ],
)
def test_show_reads_the_words_the_cli_reads(server, slack, typed, title):
    _, reply = ask(server, slack, f"show {typed}")
    assert title in reply_text(reply)


def test_show_a_month_and_a_district(server, slack):
    _, reply = ask(server, slack, "show robbery preston 2021-12")
    # write_data: Preston's 40 robberies in the last month (the 36th), plus 35 % 3 = 2.
    assert "42 robberies in December 2021" in reply_text(reply)


def test_show_gives_the_month_against_its_average_and_the_in_year_line(server, slack):
    _, reply = ask(server, slack, "show robbery preston 2021-11")
    text = reply_text(reply)
    # write_data: Preston has 10 + i % 3 robberies in month i from January 2019 (i = 0): 11 in
    # November 2021 (i = 34); the 34 months before sum to 340 + 33 = 373, 10.97 a month. The
    # data start inside the 36 months before, so the average is not called three-year.
    assert (
        "*11 robberies in November 2021*, against the average of 11 a month since January 2019"
        in text
    )
    # In year: Dec 2020 to Nov 2021 (i = 23 to 34) against Dec 2019 to Nov 2020 (i = 11 to
    # 22), 12 months of 10 plus i % 3 each: 132 against 132.
    assert "In year: no change" in text


@pytest.mark.parametrize("how", ["forged", "stale", "unsigned"])
def test_requests_not_signed_by_slack_get_401_and_do_nothing(server, slack, how):
    body = slash_body("help", response_url=slack.response_url("nope"))
    answer = post(
        server.events,
        body,
        secret=None if how == "unsigned" else SECRET,
        forged=how == "forged",
        timestamp=time.time() - 301 if how == "stale" else None,
    )
    assert answer.status == 401
    time.sleep(0.2)
    assert slack.responses["nope"] == []
    assert audit.entries(server.databases.get()) == []


HOSTILE = [
    "show <!channel>",
    "show robbery <@U123>",
    "<!here> help",
    "show robbery south'; DROP TABLE audit_log; --",
    'show "robbery" "south"',
    "subscribe <!subteam^S123|@police> south",
    "explain <https://evil.example|click me>",
    "show " + "x" * 10_000,
    "show robbery " + "<!channel> " * 1000,
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: t[:30])
def test_hostile_input_never_pings_never_traces_back_never_reaches_sql(server, slack, text):
    statements = []
    server.databases.trace(lambda sql, params: statements.append(sql))
    answer, reply = ask(server, slack, text)
    assert answer.status == 200
    shown = reply_text(reply)
    for ping in ("<!channel>", "<!here>", "<@U123>", "<!subteam", "<https://"):
        assert ping not in shown
    assert "Traceback" not in shown and "Error" not in shown
    (entry,) = audit.entries(server.databases.get())
    assert entry.text == text[: audit.MAX_TEXT]  # stored as typed, through parameters
    assert statements and not any(
        "DROP TABLE" in sql or "<!" in sql or "xxxxx" in sql for sql in statements
    )
    assert "audit_log" in server.databases.get().table_names()


def test_sensitive_indicators_only_in_cleared_channels(server, slack):
    _, reply = ask(server, slack, "show rape", name="a")
    assert "sensitive" in reply_text(reply)
    _, reply = ask(server, slack, "show rape", name="b", channel_id=SENSITIVE_CHANNEL)
    assert "sensitive" not in reply_text(reply)


def test_subscribe_and_unsubscribe_this_channel(server, slack):
    _, reply = ask(server, slack, "subscribe burglary south", name="a", channel_id="CSOUTH")
    assert "now gets Burglary alerts in South Division" in reply_text(reply)
    _, reply = ask(server, slack, "unsubscribe burglary south", name="c", channel_id="CSOUTH")
    assert "no longer gets Burglary alerts in South Division" in reply_text(reply)
    assert list_subscriptions(server.databases.get()) == []


def test_every_query_is_audited(server, slack):
    ask(server, slack, "help", name="a")
    ask(server, slack, "frobnicate", name="b")
    entries = audit.entries(server.databases.get())
    assert [(e.text, e.outcome) for e in entries] == [
        ("frobnicate", "not-understood"),
        ("help", "answered"),
    ]


@pytest.mark.parametrize("user_id, allowed", [("UBOSS", True), ("UMEMBER", True), ("U123", False)])
def test_allow_lists_of_users_and_user_groups(restricted_server, slack, user_id, allowed):
    _, reply = ask(restricted_server, slack, "help", user_id=user_id)
    assert ("not on the list" not in reply_text(reply)) == allowed
    (entry,) = audit.entries(restricted_server.databases.get())
    assert entry.outcome == ("answered" if allowed else "denied")


def test_a_failure_after_the_ack_is_an_apology_not_a_traceback(server, slack, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals: /srv/scrutiny.db")

    monkeypatch.setattr("bot.slack.answers.series", broken)
    answer, reply = ask(server, slack, "show robbery")
    assert answer.status == 200
    assert reply["text"].startswith("Sorry, something went wrong")
    assert "secret internals" not in reply_text(reply) and "Traceback" not in reply_text(reply)
    (entry,) = audit.entries(server.databases.get())
    assert entry.outcome == "failed"


def test_digest_of_the_latest_month(server, slack, detected):
    _, reply = ask(server, slack, "digest")
    text = reply_text(reply)
    assert "December 2021" in text and "Robbery" in text


@pytest.fixture
def detected(server):
    """The server's data with the detectors' run for its last month stored."""
    return run_detection(server.databases.get(), "2021-12", dry_run=False)


def test_alerts_before_any_run_say_so(server, slack):
    _, reply = ask(server, slack, "alerts")
    assert "Detection has not run yet" in reply_text(reply)


def test_alerts_lists_the_open_alerts_of_the_latest_run(server, slack, detected):
    _, reply = ask(server, slack, "alerts south")
    text = reply_text(reply)
    assert "Open alerts: South Division" in text
    assert "Robbery" in text  # Preston's jump shows in South Division


def test_explain_an_alert_listed_by_alerts(server, slack, detected):
    _, reply = ask(server, slack, "alerts", name="list")
    alert_id = re.search(r"`explain ([^`]+)`", reply_text(reply)).group(1)
    _, reply = ask(server, slack, f"explain {alert_id}", name="why")
    assert "Why this alert" in reply_text(reply) and "Why it fired" in reply_text(reply)
    _, reply = ask(server, slack, "explain robbery:nowhere:up:2021-12:2021-12", name="none")
    assert "There is no alert" in reply_text(reply)


def test_explain_the_latest_finding_for_an_indicator_and_area(server, slack, detected):
    _, reply = ask(server, slack, "explain robbery preston", name="a")
    text = reply_text(reply)
    assert "Why this alert: Robbery, Preston, December 2021" in text
    assert "42 robberies in December 2021" in text and "Why it fired" in text
    _, reply = ask(server, slack, "why robery south", name="b")
    assert "Why this alert: Robbery, South Division, December 2021" in reply_text(reply)
    _, reply = ask(server, slack, "explain robbery", name="c")
    assert "Why this alert: Robbery, Lancashire, December 2021" in reply_text(reply)


def test_explain_with_no_finding_says_so_and_offers_show(server, slack, detected):
    _, reply = ask(server, slack, "explain burglary preston")
    text = reply_text(reply)
    assert "There is no alert for Burglary in Preston: no run up to December 2021 found" in text
    assert "/scrutiny show burglary preston" in text


def test_explain_before_any_run_says_detection_has_not_run(server, slack):
    _, reply = ask(server, slack, "explain robbery preston")
    assert "There is no alert for Robbery in Preston: detection has not run yet" in reply_text(
        reply
    )
