"""Workers' heartbeats: each worker process writes when it last showed signs of life, by when it
promised to do so again, and how its jobs are going; any process's health check reads them.

A worker that is killed stops writing, so its ``due_by`` passes; one that stops cleanly says so
(``stopped_at``). Times are Unix seconds from the caller's clock.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("scrutiny.heartbeats")

# Rows of workers gone this long are deleted at the next beat of any worker.
KEEP_GONE = 7 * 24 * 3600.0


@migrations()
def m001_heartbeats(db: Database) -> None:
    db.table("worker_heartbeats").create(
        {
            "holder": str,
            "started_at": float,
            "beat_at": float,
            "due_by": float,
            "stopped_at": float,
            "holds_lease": int,
            "jobs": str,
        },
        pk="holder",
        not_null={"holder", "started_at", "beat_at", "due_by", "holds_lease", "jobs"},
    )


@dataclass(frozen=True)
class Heartbeat:
    holder: str  # the worker process, as its lease holder id
    started_at: float
    beat_at: float
    due_by: float  # the next beat is due by then; later, the worker is stuck or dead
    stopped_at: float | None  # it stopped cleanly
    holds_lease: bool
    jobs: dict[str, dict[str, Any]]  # job name -> its record, as the worker describes it


def beat(
    db: Database,
    holder: str,
    *,
    started_at: float,
    now: float,
    due_by: float,
    holds_lease: bool,
    jobs: dict[str, dict[str, Any]],
) -> None:
    # Single statements, each its own transaction: a transaction that reads before it writes
    # fails at once (not after the busy timeout) when another connection wrote in between.
    db.execute(
        """
        INSERT INTO worker_heartbeats
            (holder, started_at, beat_at, due_by, stopped_at, holds_lease, jobs)
        VALUES (:holder, :started_at, :now, :due_by, NULL, :holds_lease, :jobs)
        ON CONFLICT (holder) DO UPDATE SET
            started_at = excluded.started_at,
            beat_at = excluded.beat_at,
            due_by = excluded.due_by,
            stopped_at = NULL,
            holds_lease = excluded.holds_lease,
            jobs = excluded.jobs
        """,
        {
            "holder": holder,
            "started_at": started_at,
            "now": now,
            "due_by": due_by,
            "holds_lease": int(holds_lease),
            "jobs": json.dumps(jobs, sort_keys=True),
        },
    )
    db.execute("DELETE FROM worker_heartbeats WHERE due_by < ?", [now - KEEP_GONE])


def stopped(db: Database, holder: str, *, now: float) -> None:
    db.execute(
        "UPDATE worker_heartbeats SET stopped_at = ?, holds_lease = 0 WHERE holder = ?",
        [now, holder],
    )


def get(db: Database, holder: str) -> Heartbeat | None:
    rows = list(db.table("worker_heartbeats").rows_where("holder = ?", [holder]))
    return _heartbeat(rows[0]) if rows else None


def _heartbeat(row: dict[str, Any]) -> Heartbeat:
    row = dict(row)
    row["holds_lease"] = bool(row["holds_lease"])
    row["jobs"] = json.loads(row["jobs"])
    return Heartbeat(**row)
