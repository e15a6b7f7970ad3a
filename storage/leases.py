"""Leases: at most one process at a time holds a named role (the scheduler and outbox worker).

A lease is a row with a holder and an expiry. Taking or renewing it is one conditional UPSERT,
so two processes racing for it cannot both win; a holder that dies stops renewing and its lease
is free once it expires. Times are Unix seconds from the caller's clock.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("scrutiny.leases")


@migrations()
def m001_leases(db: Database) -> None:
    db.table("leases").create(
        {"name": str, "holder": str, "acquired_at": float, "expires_at": float},
        pk="name",
    )


@dataclass(frozen=True)
class Lease:
    name: str
    holder: str
    acquired_at: float
    expires_at: float


def acquire(db: Database, name: str, holder: str, *, ttl: float, now: float) -> bool:
    """Take the lease, or extend it if ``holder`` already has it; False if another holds it."""
    db.execute(
        """
        INSERT INTO leases (name, holder, acquired_at, expires_at) VALUES (:name, :holder, :now,
            :expires)
        ON CONFLICT (name) DO UPDATE SET
            acquired_at = CASE WHEN leases.holder = excluded.holder THEN leases.acquired_at
                               ELSE excluded.acquired_at END,
            holder = excluded.holder,
            expires_at = excluded.expires_at
        WHERE leases.holder = excluded.holder OR leases.expires_at <= excluded.acquired_at
        """,
        {"name": name, "holder": holder, "now": now, "expires": now + ttl},
    )
    current = get(db, name)
    return current is not None and current.holder == holder and current.expires_at > now


def release(db: Database, name: str, holder: str) -> None:
    """Give the lease up at once (a clean shutdown), so a standby need not wait for expiry."""
    db.execute("UPDATE leases SET expires_at = 0 WHERE name = ? AND holder = ?", [name, holder])


def get(db: Database, name: str) -> Lease | None:
    rows = list(db.table("leases").rows_where("name = ?", [name]))
    return Lease(**rows[0]) if rows else None
