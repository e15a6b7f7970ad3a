"""Who acknowledged which alert, and which indicator and area are snoozed until when."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("scrutiny.acknowledgements")


@migrations()
def m001_acknowledgements(db: Database) -> None:
    db.table("acknowledgements").create(
        {"finding_id": str, "user_id": str, "at": str}, pk="finding_id"
    )
    # One snooze per indicator and area: snoozing again moves its end.
    db.table("snoozes").create(
        {
            "indicator": str,
            "area": str,
            "until_month": str,
            "finding_id": str,
            "user_id": str,
            "at": str,
        },
        pk=("indicator", "area"),
    )


@dataclass(frozen=True)
class Acknowledgement:
    finding_id: str
    user_id: str
    at: str  # ISO 8601, UTC


@dataclass(frozen=True)
class Snooze:
    indicator: str
    area: str
    until_month: str  # YYYY-MM, the last month muted
    finding_id: str
    user_id: str
    at: str


def acknowledge(db: Database, ack: Acknowledgement) -> Acknowledgement:
    """Record the acknowledgement; the first one stands, and is returned."""
    db.execute(
        "INSERT OR IGNORE INTO acknowledgements (finding_id, user_id, at) VALUES (?, ?, ?)",
        [ack.finding_id, ack.user_id, ack.at],
    )
    return acknowledgement(db, ack.finding_id) or ack


def acknowledgement(db: Database, finding_id: str) -> Acknowledgement | None:
    rows = list(db.table("acknowledgements").rows_where("finding_id = ?", [finding_id]))
    return Acknowledgement(**rows[0]) if rows else None


def snooze(db: Database, snooze: Snooze) -> None:
    db.table("snoozes").upsert(
        {
            "indicator": snooze.indicator,
            "area": snooze.area,
            "until_month": snooze.until_month,
            "finding_id": snooze.finding_id,
            "user_id": snooze.user_id,
            "at": snooze.at,
        },
        pk=("indicator", "area"),
    )


def snoozed_until(db: Database, indicator: str, area: str) -> str | None:
    row = db.execute(
        "SELECT until_month FROM snoozes WHERE indicator = ? AND area = ?", [indicator, area]
    ).fetchone()
    return row[0] if row else None


def is_snoozed(db: Database, indicator: str, area: str, month: str) -> bool:
    until = snoozed_until(db, indicator, area)
    return until is not None and month <= until
