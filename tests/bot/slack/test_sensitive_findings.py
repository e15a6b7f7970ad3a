"""A sensitive finding, asked about by id: signed clicks on every button of its alert work in
the channel cleared for it, and anywhere else (or for an id never stored) the click gets the
same one reply, to the clicker alone, while nothing is posted or stored but its audit row;
``explain`` answers it outside the cleared channels exactly as an id never stored."""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.delivery import plan_alerts
from bot.delivery.sender import Deliverer
from bot.slack.client import delivery_client
from bot.use_cases import save_run
from storage import acknowledgements, audit, outbox
from storage.db import open_db
from storage.ingest import ingest, list_inputs
from tests.bot.conftest import CHANNEL, SECRET, SENSITIVE_CHANNEL, running_server
from tests.bot.fake_slack import _public
from tests.bot.findings import PRESTON_ROBBERY, RAPE_WEST
from tests.bot.slack.test_actions import wait_for
from tests.bot.slack_requests import action_body, post, slash_body

RAPE = RAPE_WEST.id  # rape:west:up:2021-12:2021-12
UNKNOWN = "no:such:alert:2021-12"
BUTTONS = ("scrutiny_ack", "scrutiny_snooze", "scrutiny_breakdown")
MONTHS = [f"{2019 + i // 12}-{i % 12 + 1:02d}" for i in range(36)]


@pytest.fixture
def rape_db_path(data_db_path, tmp_path):
    """The street data, and rape in Blackpool (the West's one district): 4 a month, then 12."""
    folder = tmp_path / "measures"
    folder.mkdir()
    rows = [f"{m},rape,blackpool,{12 if m == MONTHS[-1] else 4}\n" for m in MONTHS]
    (folder / "rape.csv").write_text("month,indicator,area,value\n" + "".join(rows))
    db = open_db(data_db_path)
    ingest(db, list_inputs([folder]), now=datetime(2022, 6, 1, tzinfo=UTC))
    db.close()
    return data_db_path


@pytest.fixture
def alerts(settings, slack, rape_db_path):
    """The server, with the rape alert posted to the cleared channel and the robbery alert to
    the default channel (CALERTS, not cleared)."""
    with running_server(settings, _databases(rape_db_path)) as running:
        db = running.databases.get()
        save_run(db, "2021-12", [PRESTON_ROBBERY, RAPE_WEST], ran_at="t", series=2, tests=2)
        outbox.enqueue(db, plan_alerts(db, [PRESTON_ROBBERY, RAPE_WEST], settings), now=0)
        Deliverer(db, delivery_client(settings), settings).drain(deadline=time.time() + 20)
        (robbery,) = slack.top_level(CHANNEL)
        (rape,) = slack.top_level(SENSITIVE_CHANNEL)
        yield running, robbery, rape


def _databases(path):
    from bot.database import Databases

    return Databases(str(path))


def stored(db) -> dict[str, str]:
    """A hash of every table but the audit log."""
    tables = [t for t in db.table_names() if t != "audit_log"]
    return {
        t: hashlib.sha256(
            repr(sorted(map(repr, db.execute(f"SELECT * FROM [{t}]").fetchall()))).encode()
        ).hexdigest()
        for t in tables
    }


def click(running, slack, action_id, value, message, *, channel_id, name):
    body = action_body(
        action_id,
        value,
        response_url=slack.response_url(name),
        message=_public(message, with_metadata=True),
        channel_id=channel_id,
    )
    assert post(running.events, body, secret=SECRET).status == 200


def posted(slack):
    """Everything the bot has posted or changed in any channel."""
    return [(m.channel, m.ts, m.text, m.edits) for m in slack.messages] + [
        (name, p) for name, p in slack.calls if name.startswith(("chat.", "files."))
    ]


def refused_alike(running, slack, action_id, value, message, *, channel_id):
    """Click, and check the one reply says only what an id never stored gets, and that nothing
    was posted or stored but an audit row."""
    db = running.databases.get()
    before, posted_before = stored(db), posted(slack)
    click(running, slack, action_id, value, message, channel_id=channel_id, name="refused")
    (reply,) = slack.wait_for_response("refused")
    click(running, slack, action_id, UNKNOWN, message, channel_id=channel_id, name="unknown")
    (unknown,) = slack.wait_for_response("unknown")
    assert reply["text"] == unknown["text"].replace(UNKNOWN, value)
    assert reply["blocks"] == json.loads(json.dumps(unknown["blocks"]).replace(UNKNOWN, value))
    assert reply["response_type"] == "ephemeral"
    assert stored(db) == before
    assert posted(slack) == posted_before
    assert [e.outcome for e in audit.entries(db)] == ["unknown-alert", "unknown-alert"]


@pytest.mark.parametrize("action_id", BUTTONS)
def test_a_sensitive_id_on_an_alert_in_an_uncleared_channel_is_refused(alerts, slack, action_id):
    running, robbery, _ = alerts
    refused_alike(running, slack, action_id, RAPE, robbery, channel_id=CHANNEL)


@pytest.mark.parametrize("action_id", BUTTONS)
def test_a_sensitive_alert_clicked_as_if_elsewhere_is_refused(alerts, slack, action_id):
    running, _, rape = alerts
    refused_alike(running, slack, action_id, RAPE, rape, channel_id=CHANNEL)


@pytest.mark.parametrize("action_id", BUTTONS)
def test_the_buttons_of_a_channel_no_longer_cleared_are_refused(
    settings, slack, rape_db_path, action_id
):
    """The rape alert was posted to CALERTS while it was cleared; now it is not."""
    cleared_then = replace(settings, sensitive_channels=frozenset({CHANNEL}))
    with running_server(settings, _databases(rape_db_path)) as running:
        db = running.databases.get()
        save_run(db, "2021-12", [RAPE_WEST], ran_at="t", series=1, tests=1)
        outbox.enqueue(db, plan_alerts(db, [RAPE_WEST], cleared_then), now=0)
        Deliverer(db, delivery_client(settings), settings).drain(deadline=time.time() + 20)
        (rape,) = slack.top_level(CHANNEL)
        refused_alike(running, slack, action_id, RAPE, rape, channel_id=CHANNEL)


@pytest.mark.parametrize("action_id", BUTTONS)
def test_an_id_never_stored_is_refused_on_every_button(alerts, slack, action_id):
    running, robbery, _ = alerts
    db = running.databases.get()
    before, posted_before = stored(db), posted(slack)
    click(running, slack, action_id, UNKNOWN, robbery, channel_id=CHANNEL, name="u")
    (reply,) = slack.wait_for_response("u")
    assert f"There is no alert “{UNKNOWN}”" in reply["text"]
    assert stored(db) == before and posted(slack) == posted_before


def _audited(db, count=1):
    assert wait_for(lambda: len(audit.entries(db)) >= count)
    return audit.entries(db)[0].outcome


def test_acknowledge_works_in_the_cleared_channel(alerts, slack):
    running, _, rape = alerts
    click(running, slack, "scrutiny_ack", RAPE, rape, channel_id=SENSITIVE_CHANNEL, name="a")
    db = running.databases.get()
    assert _audited(db) == "acknowledged"
    assert acknowledgements.acknowledgement(db, RAPE).user_id == "U123"
    assert rape.edits == 1 and "Acknowledged by <@U123>" in str(rape.blocks)


def test_snooze_works_in_the_cleared_channel(alerts, slack):
    running, _, rape = alerts
    click(running, slack, "scrutiny_snooze", RAPE, rape, channel_id=SENSITIVE_CHANNEL, name="s")
    db = running.databases.get()
    assert _audited(db) == "snoozed"
    assert acknowledgements.snoozed_until(db, "rape", "west") == "2022-03"
    (note,) = slack.replies(SENSITIVE_CHANNEL, rape.ts)[-1:]
    assert "snoozed Rape in West Division" in note.text


def test_breakdown_works_in_the_cleared_channel(alerts, slack):
    running, _, rape = alerts
    click(running, slack, "scrutiny_breakdown", RAPE, rape, channel_id=SENSITIVE_CHANNEL, name="b")
    db = running.databases.get()
    assert _audited(db) == "answered"
    reply = slack.replies(SENSITIVE_CHANNEL, rape.ts)[-1]
    # Blackpool: 12 in December 2021 against 4 in each of the 35 months before: three times.
    assert "Rape by area: West Division, December 2021" in reply.text
    assert "Blackpool" in str(reply.blocks) and "three times the average" in str(reply.blocks)


def test_an_acknowledgement_slack_refused_is_not_stored(alerts, slack):
    running, _, rape = alerts
    slack.fail("chat.update", status=500)
    click(running, slack, "scrutiny_ack", RAPE, rape, channel_id=SENSITIVE_CHANNEL, name="f")
    (reply,) = slack.wait_for_response("f")
    assert reply["text"].startswith("Sorry, something went wrong")
    db = running.databases.get()
    assert _audited(db) == "failed"
    assert acknowledgements.acknowledgement(db, RAPE) is None
    assert rape.edits == 0


def test_a_snooze_slack_refused_to_announce_is_not_stored(alerts, slack):
    running, _, rape = alerts
    slack.fail("chat.postMessage", status=500)
    click(running, slack, "scrutiny_snooze", RAPE, rape, channel_id=SENSITIVE_CHANNEL, name="f")
    (reply,) = slack.wait_for_response("f")
    assert reply["text"].startswith("Sorry, something went wrong")
    db = running.databases.get()
    assert _audited(db) == "failed"
    assert acknowledgements.snoozed_until(db, "rape", "west") is None


def test_explain_answers_a_hidden_finding_as_an_id_never_stored(alerts, slack):
    running, _, _ = alerts

    def explain(alert, channel_id, name):
        body = slash_body(
            f"explain {alert}", response_url=slack.response_url(name), channel_id=channel_id
        )
        assert post(running.events, body, secret=SECRET).status == 200
        (reply,) = slack.wait_for_response(name)
        return json.dumps(reply).replace(alert, "ID")

    assert explain(RAPE, CHANNEL, "hidden") == explain(UNKNOWN, CHANNEL, "unknown")
    assert "There is no alert" in explain(UNKNOWN, CHANNEL, "again")
    assert "Rape" in explain(RAPE, SENSITIVE_CHANNEL, "cleared")


def test_explain_by_name_answers_a_hidden_finding_as_none_found(alerts, slack):
    running, _, _ = alerts

    def explain(text, channel_id, name):
        body = slash_body(text, response_url=slack.response_url(name), channel_id=channel_id)
        assert post(running.events, body, secret=SECRET).status == 200
        (reply,) = slack.wait_for_response(name)
        return json.dumps(reply, ensure_ascii=False)

    hidden = explain("explain rape west", CHANNEL, "hidden")
    # South Division has no rape finding at all: the hidden one must read exactly like it.
    none = explain("explain rape south", CHANNEL, "none")
    assert hidden == none.replace("South Division", "West Division").replace(
        "rape south", "rape west"
    )
    assert "There is no alert for Rape in West Division" in hidden
    cleared = explain("explain rape west", SENSITIVE_CHANNEL, "cleared")
    assert "Why this alert: Rape, West Division, December 2021" in cleared
