"""The alert's buttons, clicked over HTTP on a message the outbox posted to the imitation."""

from __future__ import annotations

import time

import pytest

from bot.delivery import plan_alerts
from bot.delivery.sender import Deliverer
from bot.slack.client import delivery_client
from bot.use_cases import save_run
from storage import acknowledgements, audit, outbox
from tests.bot.conftest import CHANNEL, SECRET
from tests.bot.fake_slack import _public
from tests.bot.findings import PRESTON_ROBBERY, SOUTH_ROBBERY
from tests.bot.slack_requests import action_body, post

FINDING_ID = "robbery:preston:up:2021-12:2021-12"


def post_alert(running, settings, slack):
    """The Preston robbery alert, stored as a run's finding and posted through the outbox."""
    db = running.databases.get()
    save_run(db, "2021-12", [PRESTON_ROBBERY, SOUTH_ROBBERY], ran_at="t", series=2, tests=2)
    outbox.enqueue(db, plan_alerts(db, [PRESTON_ROBBERY], settings), now=time.time())
    Deliverer(db, delivery_client(settings), settings).drain(deadline=time.time() + 20)
    (message,) = slack.top_level(CHANNEL)
    return message


@pytest.fixture
def posted(server, settings, slack):
    return post_alert(server, settings, slack)


@pytest.fixture
def posted_to_restricted(restricted_server, restricted_settings, slack):
    return post_alert(restricted_server, restricted_settings, slack)


def click(server, slack, action_id, message, *, name="click", user_id="U123"):
    body = action_body(
        action_id,
        FINDING_ID,
        response_url=slack.response_url(name),
        message=_public(message, with_metadata=True),
        user_id=user_id,
    )
    return post(server.events, body, secret=SECRET)


def wait_for(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_acknowledge_records_who_and_when_and_updates_the_alert(server, slack, posted):
    answer = click(server, slack, "scrutiny_ack", posted)
    assert answer.status == 200 and answer.seconds < 3
    # Slack's update comes first; the acknowledgement and the audit row once it was accepted.
    assert wait_for(lambda: audit.entries(server.databases.get()))
    assert posted.edits == 1
    buttons = [
        e["action_id"] for b in posted.blocks if b["type"] == "actions" for e in b["elements"]
    ]
    assert "scrutiny_ack" not in buttons and "scrutiny_snooze" in buttons
    note = posted.blocks[-1]["elements"][0]["text"]
    assert note.startswith(":white_check_mark: Acknowledged by <@U123> on ")
    ack = acknowledgements.acknowledgement(server.databases.get(), FINDING_ID)
    assert ack.user_id == "U123"
    assert [e.command for e in audit.entries(server.databases.get())] == ["scrutiny_ack"]


def test_a_second_acknowledgement_keeps_the_first(server, slack, posted):
    click(server, slack, "scrutiny_ack", posted, user_id="UFIRST")
    assert wait_for(lambda: posted.edits == 1)
    click(server, slack, "scrutiny_ack", posted, user_id="USECOND")
    assert wait_for(lambda: posted.edits == 2)
    assert "<@UFIRST>" in posted.blocks[-1]["elements"][0]["text"]
    assert sum(b.get("block_id") == "scrutiny_ack_note" for b in posted.blocks) == 1


def test_people_off_the_allow_list_cannot_click(restricted_server, slack, posted_to_restricted):
    click(restricted_server, slack, "scrutiny_ack", posted_to_restricted, name="no")
    (reply,) = slack.wait_for_response("no")
    assert "not on the list" in reply["text"]
    assert posted_to_restricted.edits == 0
    assert acknowledgements.acknowledgement(restricted_server.databases.get(), FINDING_ID) is None
    assert [e.outcome for e in audit.entries(restricted_server.databases.get())] == ["denied"]


def test_snooze_mutes_the_series_for_three_months_and_says_so_in_the_thread(server, slack, posted):
    click(server, slack, "scrutiny_snooze", posted)
    assert wait_for(lambda: audit.entries(server.databases.get()))  # stored, then audited
    note = slack.replies(CHANNEL, posted.ts)[-1]
    assert "<@U123> snoozed Robbery in Preston" in note.text and "March 2022" in note.text
    db = server.databases.get()
    assert acknowledgements.snoozed_until(db, "robbery", "preston") == "2022-03"
    assert acknowledgements.is_snoozed(db, "robbery", "preston", "2022-02")


def test_breakdown_by_area_replies_in_the_thread(server, slack, settings, posted):
    db = server.databases.get()
    outbox.enqueue(db, plan_alerts(db, [SOUTH_ROBBERY], settings), now=time.time())
    Deliverer(db, delivery_client(settings), settings).drain(deadline=time.time() + 20)
    alert = slack.top_level(CHANNEL)[-1]
    body = action_body(
        "scrutiny_breakdown",
        "robbery:south:up:2021-12:2021-12",
        response_url=slack.response_url("b"),
        message=_public(alert, with_metadata=True),
    )
    assert post(server.events, body, secret=SECRET).status == 200
    assert wait_for(lambda: slack.replies(CHANNEL, alert.ts)[1:])
    reply = slack.replies(CHANNEL, alert.ts)[-1]
    text = str(reply.blocks)
    assert "Robbery by area: South Division, December 2021" in reply.text
    assert text.index("Preston") < text.index("Chorley")  # the jump is in Preston
    # Preston: 42 in December 2021 against the 35 months before, 10 + i % 3 robberies in
    # month i: (350 + 12 x 1 + 11 x 2) / 35 = 384 / 35 = 11.0, so 3.8 times.
    assert "over three times the average" in text


def test_a_button_on_a_message_scrutiny_never_sent_says_so(server, slack, posted):
    body = action_body(
        "scrutiny_snooze",
        "nothing:like:this:2021-12",
        response_url=slack.response_url("u"),
        message=_public(posted, with_metadata=True),
    )
    assert post(server.events, body, secret=SECRET).status == 200
    (reply,) = slack.wait_for_response("u")
    assert "There is no alert" in reply["text"]
    assert acknowledgements.snoozed_until(server.databases.get(), "robbery", "preston") is None


def test_acknowledge_updates_the_alert_as_posted_not_the_clicks_copy(server, slack, posted):
    forged = {**_public(posted, with_metadata=True), "text": "FORGED", "blocks": []}
    body = action_body(
        "scrutiny_ack", FINDING_ID, response_url=slack.response_url("f"), message=forged
    )
    assert post(server.events, body, secret=SECRET).status == 200
    assert wait_for(lambda: audit.entries(server.databases.get()))
    assert posted.edits == 1
    assert "FORGED" not in posted.text and "Robbery" in posted.text
    assert any(b["type"] == "actions" for b in posted.blocks)  # Snooze is still there
