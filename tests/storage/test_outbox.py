"""The outbox table: unique keys, states, parents, retries."""

from __future__ import annotations

from storage import outbox
from storage.outbox import NewDelivery


def alert(key="alert:a", channel="C1", **kw):
    return NewDelivery(key=key, kind="alert", channel=channel, text="t", **kw)


def test_a_key_is_queued_once(db):
    assert outbox.enqueue(db, [alert(), alert("alert:b")], now=1.0) == 2
    assert outbox.enqueue(db, [alert(), alert("alert:c")], now=2.0) == 1
    assert [d.key for d in outbox.due(db, now=3.0)] == ["alert:a", "alert:b", "alert:c"]


def test_a_child_is_due_only_once_its_parent_is_sent(db):
    outbox.enqueue(
        db,
        [
            alert(),
            NewDelivery(
                key="chart:a", kind="chart", channel="C1", parent_key="alert:a", file=b"png"
            ),
        ],
        now=1.0,
    )
    assert [d.key for d in outbox.due(db, now=2.0)] == ["alert:a"]
    parent = outbox.get(db, "alert:a")
    assert outbox.claim(db, parent, now=2.0)
    outbox.mark_sent(db, parent.id, ts="111.1", now=3.0)
    (child,) = outbox.due(db, now=4.0)
    assert child.key == "chart:a" and child.parent_ts == "111.1" and child.file == b"png"


def test_claiming_marks_an_attempt_in_doubt_and_only_once_per_version(db):
    outbox.enqueue(db, [alert()], now=1.0)
    (delivery,) = outbox.due(db, now=1.0)
    assert outbox.claim(db, delivery, now=1.0)
    assert not outbox.claim(db, delivery, now=1.0)  # a stale copy cannot claim again
    claimed = outbox.get(db, "alert:a")
    assert claimed.state == "in_doubt" and claimed.attempts == 1


def test_a_retry_waits_for_its_time(db):
    outbox.enqueue(db, [alert()], now=1.0)
    delivery = outbox.get(db, "alert:a")
    outbox.mark_retry(db, delivery.id, in_doubt=False, at=10.0, error="rate limited")
    assert outbox.due(db, now=5.0) == []
    assert outbox.next_attempt_at(db) == 10.0
    assert [d.key for d in outbox.due(db, now=10.0)] == ["alert:a"]


def test_failing_a_delivery_fails_its_thread_and_can_be_requeued(db):
    outbox.enqueue(
        db,
        [
            alert(),
            NewDelivery(key="chart:a", kind="chart", channel="C1", parent_key="alert:a"),
            NewDelivery(key="followup:a", kind="followup", channel="C1", parent_key="alert:a"),
        ],
        now=1.0,
    )
    outbox.mark_failed(db, outbox.get(db, "alert:a").id, error="channel_not_found")
    assert outbox.counts(db) == {"failed": 3}
    assert outbox.next_attempt_at(db) is None
    assert outbox.requeue_failed(db) == 3
    assert [d.key for d in outbox.due(db, now=2.0)] == ["alert:a"]


def test_the_episode_alert_of_a_channel(db):
    outbox.enqueue(
        db, [alert("alert:e1:C1", episode="e1"), alert("alert:e1:C2", "C2", episode="e1")], now=1.0
    )
    assert outbox.episode_alert_key(db, "e1", "C2") == "alert:e1:C2"
    assert outbox.episode_alert_key(db, "e1", "C3") is None
