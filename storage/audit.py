"""The audit log: every query anyone made of the bot, allowed or not, and what came of it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("scrutiny.audit")

# Slack caps a slash command's text well below this; longer input is cut, its length kept.
MAX_TEXT = 4000


@migrations()
def m001_audit_log(db: Database) -> None:
    db.table("audit_log").create(
        {
            "id": int,
            "at": str,
            "user_id": str,
            "user_name": str,
            "team_id": str,
            "channel_id": str,
            "command": str,
            "text": str,
            "text_length": int,
            "outcome": str,
            "detail": str,
        },
        pk="id",
        not_null={"at", "user_id", "command", "outcome"},
    )
    db.table("audit_log").create_index(["user_id", "at"])


@dataclass(frozen=True)
class AuditEntry:
    at: str  # ISO 8601, UTC
    user_id: str
    command: str  # "/scrutiny" or an action id such as "scrutiny_ack"
    text: str
    outcome: str  # "answered", "denied", "not-understood", "failed"
    user_name: str = ""
    team_id: str = ""
    channel_id: str = ""
    detail: str = ""


def record(db: Database, entry: AuditEntry) -> None:
    db.table("audit_log").insert(
        {
            "at": entry.at,
            "user_id": entry.user_id,
            "user_name": entry.user_name,
            "team_id": entry.team_id,
            "channel_id": entry.channel_id,
            "command": entry.command,
            "text": entry.text[:MAX_TEXT],
            "text_length": len(entry.text),
            "outcome": entry.outcome,
            "detail": entry.detail[:MAX_TEXT],
        }
    )


def entries(db: Database, *, user_id: str | None = None, limit: int = 100) -> list[AuditEntry]:
    """The latest entries, newest first."""
    where, params = ("user_id = ?", [user_id]) if user_id else (None, None)
    rows = db.table("audit_log").rows_where(where, params, order_by="id DESC", limit=limit)
    return [
        AuditEntry(
            at=r["at"],
            user_id=r["user_id"],
            command=r["command"],
            text=r["text"],
            outcome=r["outcome"],
            user_name=r["user_name"],
            team_id=r["team_id"],
            channel_id=r["channel_id"],
            detail=r["detail"],
        )
        for r in rows
    ]
