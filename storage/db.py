"""Open the SQLite database: WAL, usable from listener and scheduler threads, schema up to date."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from storage import (
    acknowledgements,
    audit,
    findings,
    force_areas,
    heartbeats,
    home_office,
    job_runs,
    leases,
    outbox,
    revisions,
    schema,
    subscriptions,
)

# Every storage module that owns tables declares its own migration set; applied in this order.
MIGRATION_SETS = [
    schema.migrations,
    outbox.migrations,
    subscriptions.migrations,
    audit.migrations,
    acknowledgements.migrations,
    leases.migrations,
    job_runs.migrations,
    findings.migrations,
    force_areas.migrations,
    home_office.migrations,
    heartbeats.migrations,
    revisions.migrations,
]


def open_db(path: str | Path) -> Database:
    """Open (creating if needed) the database at ``path`` with every migration applied.

    ``check_same_thread=False``: bolt listeners and scheduler jobs run on other threads; writes
    are serialised by SQLite itself and each write path uses ``db.atomic()``.
    """
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(str(path), check_same_thread=False, timeout=30)
    db = Database(conn)
    db.execute("PRAGMA foreign_keys = ON")
    if str(path) != ":memory:":
        db.enable_wal()
    for migration_set in MIGRATION_SETS:
        migration_set.apply(db)
    return db
