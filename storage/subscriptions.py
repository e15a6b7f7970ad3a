"""Subscriptions: which channel wants alerts on which indicator, theme or everything, where."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("scrutiny.subscriptions")

TargetKind = Literal["indicator", "theme", "all"]


@migrations()
def m001_subscriptions(db: Database) -> None:
    db.table("subscriptions").create(
        {
            "channel": str,
            "target_kind": str,
            "target": str,
            "area": str,
            "created_by": str,
            "created_at": str,
        },
        pk=("channel", "target_kind", "target", "area"),
    )


@dataclass(frozen=True)
class Subscription:
    channel: str  # Slack channel id
    target_kind: TargetKind
    target: str  # indicator slug, theme name, or "" for all
    area: str = ""  # area slug; "" = every area
    created_by: str = ""
    created_at: str = ""


def subscribe(db: Database, subscription: Subscription) -> bool:
    """Add the subscription; False if the channel already had it."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO subscriptions (channel, target_kind, target, area, created_by, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?)",
        [
            subscription.channel,
            subscription.target_kind,
            subscription.target,
            subscription.area,
            subscription.created_by,
            subscription.created_at,
        ],
    )
    return cursor.rowcount == 1


def unsubscribe(
    db: Database, channel: str, target_kind: TargetKind, target: str, area: str = ""
) -> bool:
    """Remove the subscription; False if there was none."""
    cursor = db.execute(
        "DELETE FROM subscriptions WHERE channel = ? AND target_kind = ? AND target = ? "
        "AND area = ?",
        [channel, target_kind, target, area],
    )
    return cursor.rowcount == 1


def list_subscriptions(db: Database, channel: str | None = None) -> list[Subscription]:
    where, params = ("channel = ?", [channel]) if channel else (None, None)
    return [
        Subscription(**row)
        for row in db.table("subscriptions").rows_where(
            where, params, order_by="channel, target_kind, target, area"
        )
    ]
