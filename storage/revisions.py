"""Revisions of a force's month: its street-level file loaded again with other figures.

Re-ingesting a force's month replaces it (the latest file wins). When the file stored before
differs (another digest) and so do its counts, the change is recorded, so that a month loaded
twice with different totals can be told to analysts. A file that differs only in what is not
counted (locations, outcomes, row order) is no revision.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("scrutiny.revisions")

Counts = dict[tuple[str, str], int]  # (district slug, indicator) -> count, as stored


@migrations()
def m001_street_revisions(db: Database) -> None:
    # One row per replacement that changed a month's counts; a month may be revised again.
    db.table("street_revisions").create(
        {
            "force": str,
            "month": str,
            "previous_rows": int,
            "rows": int,
            "previous_sha256": str,
            "sha256": str,
            "previous_path": str,
            "path": str,
            "revised_at": str,
        }
    )
    db.table("street_revisions").create_index(["force", "month"])


@migrations()
def m002_digests(db: Database) -> None:
    # File fingerprints name their algorithm, as street_files' do (schema m006).
    db.table("street_revisions").transform(
        rename={"previous_sha256": "previous_digest", "sha256": "digest"}
    )
    for column in ("previous_digest", "digest"):
        db.execute(
            f"UPDATE street_revisions SET {column} = 'sha256:' || {column} "
            f"WHERE {column} NOT LIKE '%:%'"
        )


@dataclass(frozen=True)
class StreetRevision:
    force: str
    month: str
    previous_rows: int
    rows: int
    previous_digest: str  # "blake3:<hex>" (or "sha256:<hex>" for files stored before)
    digest: str
    previous_path: str
    path: str
    revised_at: str  # ISO time of the ingest that replaced the month


def record_if_revised(
    db: Database,
    *,
    force: str,
    month: str,
    path: str,
    digest: str,
    rows: int,
    counts: Counts,
    at: str,
) -> StreetRevision | None:
    """Before a force's month is replaced by a new file (inside the ingest's transaction):
    record and return the revision when the stored file and its counts both differ."""
    stored = db.execute(
        "SELECT path, digest, rows FROM street_files WHERE force = ? AND month = ?", [force, month]
    ).fetchone()
    if stored is None or stored[1] == digest:
        return None
    previous: Counts = {
        (district, indicator): count
        for district, indicator, count in db.execute(
            "SELECT district, indicator, count FROM street_counts WHERE force = ? AND month = ?",
            [force, month],
        )
    }
    if previous == counts:
        return None
    revision = StreetRevision(force, month, stored[2], rows, stored[1], digest, stored[0], path, at)
    db.table("street_revisions").insert(asdict(revision))
    return revision


def street_revisions(db: Database, force: str | None = None) -> list[StreetRevision]:
    """Every recorded revision (of one force, when given), oldest first."""
    where, params = ("WHERE force = ?", [force]) if force else ("", [])
    rows = db.execute(
        f"SELECT force, month, previous_rows, rows, previous_digest, digest, previous_path, "
        f"path, revised_at FROM street_revisions {where} ORDER BY revised_at, rowid",
        params,
    )
    return [StreetRevision(*row) for row in rows]
