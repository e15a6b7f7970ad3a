"""The outbox: every message for Slack is stored here before it is sent.

A delivery's ``key`` is unique, so queueing the same alert for the same channel twice is a no-op
and a month's run can be repeated. States:

- ``pending``: not sent, and no attempt can have reached Slack; safe to send.
- ``in_doubt``: an attempt started and its outcome is unknown (the process died, Slack answered
  5xx, the connection broke). Before sending again the worker looks for the message in Slack.
- ``sent``: Slack accepted it; ``ts`` (message) or ``file_id`` (chart) recorded.
- ``failed``: Slack refused it for good (``channel_not_found``, ``invalid_blocks`` ...).

A delivery with a ``parent_key`` goes in the thread of its parent's message, so it waits until
the parent is sent. Times are Unix seconds from the caller's clock.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from storage.transactions import writing

migrations = Migrations("scrutiny.outbox")

State = Literal["pending", "in_doubt", "sent", "failed"]
Kind = Literal["alert", "followup", "chart", "digest"]


@migrations()
def m001_deliveries(db: Database) -> None:
    db.table("deliveries").create(
        {
            "id": int,
            "key": str,
            "kind": str,
            "channel": str,
            "finding_id": str,
            "episode": str,
            "parent_key": str,
            "text": str,
            "blocks": str,
            "file": bytes,
            "filename": str,
            "title": str,
            "alt_text": str,
            "state": str,
            "attempts": int,
            "next_attempt_at": float,
            "last_error": str,
            "ts": str,
            "file_id": str,
            "created_at": float,
            "sent_at": float,
        },
        pk="id",
        not_null={"key", "kind", "channel", "state", "attempts", "created_at"},
        defaults={"state": "pending", "attempts": 0},
    )
    db.table("deliveries").create_index(["key"], unique=True)
    db.table("deliveries").create_index(["state", "next_attempt_at"])
    db.table("deliveries").create_index(["episode", "channel"])


@migrations()
def m002_sent_message_index(db: Database) -> None:
    # A button click names its message by channel and ts: found by them, not by a scan.
    db.table("deliveries").create_index(["channel", "ts"])


@dataclass(frozen=True)
class NewDelivery:
    """What to queue: a message (text, blocks) or a chart (file) for one channel."""

    key: str
    kind: Kind
    channel: str
    text: str = ""
    blocks: list[dict[str, Any]] = field(default_factory=list)
    finding_id: str | None = None
    episode: str | None = None
    parent_key: str | None = None
    file: bytes | None = None
    filename: str | None = None
    title: str | None = None
    alt_text: str | None = None


@dataclass(frozen=True)
class Delivery:
    id: int
    key: str
    kind: Kind
    channel: str
    text: str
    blocks: list[dict[str, Any]]
    finding_id: str | None
    episode: str | None
    parent_key: str | None
    file: bytes | None
    filename: str | None
    title: str | None
    alt_text: str | None
    state: State
    attempts: int
    next_attempt_at: float | None
    last_error: str | None
    ts: str | None
    file_id: str | None
    created_at: float
    sent_at: float | None
    parent_ts: str | None = None  # the parent's message ts, when the parent is sent


def _delivery(row: dict[str, Any]) -> Delivery:
    row = dict(row)
    row["blocks"] = json.loads(row["blocks"] or "[]")
    return Delivery(**row)


def enqueue(db: Database, items: list[NewDelivery], *, now: float) -> int:
    """Store the deliveries whose key is new; returns how many were new."""
    rows = [
        {
            **asdict(d),
            "blocks": json.dumps(d.blocks),
            "state": "pending",
            "attempts": 0,
            "created_at": now,
        }
        for d in items
    ]
    with writing(db):  # it counts before it writes: a deferred transaction could fail at once
        before = db.table("deliveries").count
        db.table("deliveries").insert_all(rows, ignore=True)
        return db.table("deliveries").count - before


_SELECT = """
    SELECT d.*, p.ts AS parent_ts FROM deliveries d
    LEFT JOIN deliveries p ON p.key = d.parent_key
"""
# Unsent, and free to go: a delivery in a thread waits until its parent is sent.
_WAITING = "d.state IN ('pending', 'in_doubt') AND (d.parent_key IS NULL OR p.state = 'sent')"


def due(db: Database, *, now: float, limit: int = 100) -> list[Delivery]:
    """Unsent deliveries whose time has come and whose parent (if any) is sent, oldest first."""
    rows = db.query(
        _SELECT
        + f"""
        WHERE {_WAITING}
          AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= :now)
        ORDER BY d.id LIMIT :limit
        """,
        {"now": now, "limit": limit},
    )
    return [_delivery(r) for r in rows]


def next_attempt_at(db: Database) -> float | None:
    """When the earliest waiting delivery may be tried (None: nothing is waiting)."""
    row = db.execute(
        "SELECT MIN(COALESCE(d.next_attempt_at, 0)) FROM deliveries d "
        f"LEFT JOIN deliveries p ON p.key = d.parent_key WHERE {_WAITING}"
    ).fetchone()
    return row[0]


def get(db: Database, key: str) -> Delivery | None:
    rows = list(db.query(_SELECT + " WHERE d.key = ?", [key]))
    return _delivery(rows[0]) if rows else None


def episode_alert_key(db: Database, episode: str, channel: str) -> str | None:
    """The key of the episode's first alert in ``channel`` (follow-ups go in its thread)."""
    row = db.execute(
        "SELECT key FROM deliveries WHERE episode = ? AND channel = ? AND kind = 'alert' "
        "ORDER BY id LIMIT 1",
        [episode, channel],
    ).fetchone()
    return row[0] if row else None


def claim(db: Database, delivery: Delivery, *, now: float) -> bool:
    """Mark an attempt as started (``in_doubt``) before anything is sent; False if it moved on."""
    cursor = db.execute(
        "UPDATE deliveries SET state = 'in_doubt', attempts = attempts + 1 "
        "WHERE id = ? AND attempts = ? AND state IN ('pending', 'in_doubt')",
        [delivery.id, delivery.attempts],
    )
    return cursor.rowcount == 1


def mark_sent(
    db: Database, delivery_id: int, *, ts: str | None, file_id: str | None = None, now: float
) -> None:
    db.execute(
        "UPDATE deliveries SET state = 'sent', ts = ?, file_id = ?, sent_at = ?, "
        "next_attempt_at = NULL WHERE id = ?",
        [ts, file_id, now, delivery_id],
    )


def mark_retry(db: Database, delivery_id: int, *, in_doubt: bool, at: float, error: str) -> None:
    """Try again at ``at``; ``in_doubt`` when the failed attempt may have reached Slack."""
    db.execute(
        "UPDATE deliveries SET state = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
        ["in_doubt" if in_doubt else "pending", at, error, delivery_id],
    )


def mark_failed(db: Database, delivery_id: int, *, error: str) -> None:
    """Give up on the delivery, and on everything that was to go in its thread."""
    db.execute(
        """
        WITH RECURSIVE doomed(key) AS (
            SELECT key FROM deliveries WHERE id = :id
            UNION SELECT d.key FROM deliveries d JOIN doomed ON d.parent_key = doomed.key
        )
        UPDATE deliveries SET state = 'failed',
            last_error = CASE WHEN id = :id THEN :error ELSE 'its parent failed: ' || :error END
        WHERE key IN doomed AND state != 'sent'
        """,
        {"id": delivery_id, "error": error},
    )


def sent_message(db: Database, channel: str, ts: str) -> Delivery | None:
    """The delivery Slack accepted as message ``ts`` in ``channel``, if the bot posted it."""
    rows = list(
        db.query(_SELECT + " WHERE d.channel = ? AND d.ts = ? AND d.state = 'sent'", [channel, ts])
    )
    return _delivery(rows[0]) if rows else None


def counts(db: Database) -> dict[str, int]:
    """Deliveries by state."""
    return {
        row[0]: row[1]
        for row in db.execute("SELECT state, COUNT(*) FROM deliveries GROUP BY state")
    }


def in_states(db: Database, *states: State) -> list[Delivery]:
    marks = ", ".join("?" * len(states))
    rows = db.query(_SELECT + f" WHERE d.state IN ({marks}) ORDER BY d.id", list(states))
    return [_delivery(r) for r in rows]


def requeue_failed(db: Database) -> int:
    """Queue failed deliveries again (after fixing what Slack refused); how many."""
    cursor = db.execute(
        "UPDATE deliveries SET state = 'pending', next_attempt_at = NULL WHERE state = 'failed'"
    )
    return cursor.rowcount
