"""The outbox against the Slack imitation: once each, in threads, through storms and doubts."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from bot.database import Databases
from bot.delivery.sender import METADATA_EVENT, Deliverer
from bot.slack.client import delivery_client
from bot.worker.lease_keeper import LeaseKeeper
from bot.worker.loop import deliver_now
from storage import outbox
from storage.outbox import NewDelivery
from tests.bot.conftest import CHANNEL

PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 100


@pytest.fixture
def db(bot_db):
    return bot_db


def deliverer(db, settings):
    return Deliverer(db, delivery_client(settings), settings)


def alert(n: int, channel: str = CHANNEL) -> list[NewDelivery]:
    key = f"alert:ep{n}:2022-10:{channel}"
    return [
        NewDelivery(
            key=key,
            kind="alert",
            channel=channel,
            text=f"Alert {n}",
            blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": f"Alert {n}"}}],
            finding_id=f"ep{n}:2022-10",
            episode=f"ep{n}",
        ),
        NewDelivery(
            key=f"chart:ep{n}:2022-10:{channel}",
            kind="chart",
            channel=channel,
            parent_key=key,
            file=PNG,
            filename=f"ep{n}-2022-10.png",
            title=f"Chart {n}",
            alt_text=f"Chart of alert {n}",
            finding_id=f"ep{n}:2022-10",
        ),
    ]


def keys_posted(slack, channel=CHANNEL):
    return [
        m.metadata["event_payload"]["delivery_key"]
        for m in slack.channel_messages(channel)
        if m.metadata
    ]


def test_posts_each_delivery_once_with_its_key_in_metadata_and_chart_in_thread(db, settings, slack):
    assert outbox.enqueue(db, alert(1) + alert(2), now=time.time()) == 4
    assert deliverer(db, settings).drain(deadline=time.time() + 10)
    top = slack.top_level(CHANNEL)
    assert [m.text for m in top] == ["Alert 1", "Alert 2"]
    assert top[0].metadata == {
        "event_type": METADATA_EVENT,
        "event_payload": {"delivery_key": "alert:ep1:2022-10:CALERTS", "finding_id": "ep1:2022-10"},
    }
    chart = slack.replies(CHANNEL, top[0].ts)
    assert [f["name"] for f in chart[0].files] == ["ep1-2022-10.png"]
    assert slack.uploads[chart[0].files[0]["id"]]["data"] == PNG
    sent = outbox.get(db, "alert:ep1:2022-10:CALERTS")
    assert sent.state == "sent" and sent.ts == top[0].ts
    assert outbox.get(db, "chart:ep1:2022-10:CALERTS").file_id == chart[0].files[0]["id"]


def test_queueing_the_same_key_again_changes_nothing(db, settings, slack):
    outbox.enqueue(db, alert(1), now=time.time())
    deliverer(db, settings).drain(deadline=time.time() + 10)
    assert outbox.enqueue(db, alert(1), now=time.time()) == 0
    assert deliverer(db, settings).drain(deadline=time.time() + 10)
    assert keys_posted(slack) == ["alert:ep1:2022-10:CALERTS"]


def test_a_storm_of_429_and_500_delays_but_loses_and_repeats_nothing(db, settings, slack):
    outbox.enqueue(db, [d for n in range(6) for d in alert(n)], now=time.time())
    slack.fail("chat.postMessage", status=429, retry_after=0, times=4)
    slack.fail("chat.postMessage", status=500, times=3)
    slack.fail("chat.postMessage", status=500, post_anyway=True, times=2)  # posted, answer lost
    slack.fail("chat.postMessage", status=503, body="<html>upstream</html>", times=2)
    slack.fail("files.getUploadURLExternal", status=429, retry_after=0, times=2)
    slack.fail("files.completeUploadExternal", status=500, post_anyway=True, times=2)
    slack.fail("conversations.history", status=500, times=1)
    assert deliverer(db, settings).drain(deadline=time.time() + 30)
    assert sorted(keys_posted(slack)) == sorted(f"alert:ep{n}:2022-10:CALERTS" for n in range(6))
    for message in slack.top_level(CHANNEL):
        assert len(slack.replies(CHANNEL, message.ts)) == 1  # one chart each
    assert outbox.counts(db) == {"sent": 12}


def test_429_waits_for_retry_after(db, settings, slack):
    outbox.enqueue(db, alert(1)[:1], now=time.time())
    slack.fail("chat.postMessage", status=429, retry_after=1)
    started = time.monotonic()
    assert deliverer(db, settings).drain(deadline=time.time() + 10)
    assert time.monotonic() - started >= 1.0
    assert len(slack.calls_to("chat.postMessage")) == 2
    assert slack.calls_to("conversations.history") == []  # a 429 posted nothing: no look-up


def test_a_timeout_is_in_doubt_and_the_late_message_is_found_not_repeated(db, settings, slack):
    settings = replace(settings, http_timeout=1)
    outbox.enqueue(db, alert(1)[:1], now=time.time())
    slack.fail("chat.postMessage", status=200, post_anyway=True, delay=1.3)
    # The imitation answers 200 after the client gave up; the message lands all the same.
    assert deliverer(db, settings).drain(deadline=time.time() + 10)
    assert keys_posted(slack) == ["alert:ep1:2022-10:CALERTS"]
    assert outbox.get(db, "alert:ep1:2022-10:CALERTS").ts == slack.top_level(CHANNEL)[0].ts


def test_a_refused_delivery_fails_with_everything_in_its_thread(db, settings, slack):
    outbox.enqueue(db, alert(1, channel="CMISSING"), now=time.time())
    outbox.enqueue(db, alert(2), now=time.time())
    assert deliverer(db, settings).drain(deadline=time.time() + 10)
    failed = outbox.get(db, "alert:ep1:2022-10:CMISSING")
    assert failed.state == "failed" and failed.last_error == "channel_not_found"
    chart = outbox.get(db, "chart:ep1:2022-10:CMISSING")
    assert chart.state == "failed" and "parent failed" in chart.last_error
    assert keys_posted(slack) == ["alert:ep2:2022-10:CALERTS"]


def test_a_delivery_in_doubt_is_looked_up_before_it_is_sent(db, settings, slack):
    outbox.enqueue(db, alert(1)[:1], now=time.time())
    first = outbox.due(db, now=time.time())[0]
    outbox.claim(db, first, now=time.time())  # as if the process died right after claiming
    assert deliverer(db, settings).drain(deadline=time.time() + 10)
    assert len(slack.calls_to("conversations.history")) == 1
    assert keys_posted(slack) == ["alert:ep1:2022-10:CALERTS"]


def test_follow_ups_wait_for_their_parent_and_go_in_its_thread(db, settings, slack):
    parent, _ = alert(1)
    follow = NewDelivery(
        key="followup:ep1:2022-11:CALERTS",
        kind="followup",
        channel=CHANNEL,
        text="Remains exceptional",
        parent_key=parent.key,
        episode="ep1",
    )
    outbox.enqueue(db, [parent, follow], now=time.time())
    slack.fail("chat.postMessage", status=500)  # the parent's first attempt fails
    assert deliverer(db, settings).drain(deadline=time.time() + 10)
    (top,) = slack.top_level(CHANNEL)
    assert [m.text for m in slack.replies(CHANNEL, top.ts)] == ["Remains exceptional"]


def test_deliver_now_sends_unless_a_worker_holds_the_lease(db, db_path, settings, slack):
    databases = Databases(db_path)
    outbox.enqueue(db, alert(1), now=time.time())
    worker = LeaseKeeper(databases, ttl=30)
    assert worker.try_once()
    assert deliver_now(databases, settings) == "left to the worker"
    assert slack.top_level(CHANNEL) == []
    worker.stop()
    assert deliver_now(databases, settings) == "delivered"
    assert keys_posted(slack) == ["alert:ep1:2022-10:CALERTS"]
