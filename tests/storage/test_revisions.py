"""A force's month loaded again: the latest file wins, and when its counts differ from the
stored file's the revision is recorded (for the data-quality notice of a month loaded twice
with different totals)."""

from __future__ import annotations

from datetime import timedelta

import blake3
import pytest
from sqlite_utils import Database

from storage.db import MIGRATION_SETS, open_db
from storage.errors import IngestError
from storage.ingest import ingest, list_inputs
from storage.revisions import StreetRevision, street_revisions
from storage.revisions import migrations as revisions_migrations
from storage.schema import migrations as schema_migrations
from storage.series import series
from tests.ingest_time import NOW
from tests.storage.street_files import street_row, write_street_file
from tests.storage.table_hashes import table_hashes

LATER = NOW + timedelta(days=3)


def load(db, folder, month, rows, force="lancashire", now=NOW):
    path = write_street_file(folder, month, rows, force=force)
    ingest(db, list_inputs([path]), now=now)
    return path, f"blake3:{blake3.blake3(path.read_bytes()).hexdigest()}"


def robberies(month, n, **overrides):
    return [street_row(month, "Robbery", **overrides)] * n


def test_a_month_loaded_again_with_other_counts_is_replaced_and_recorded(db, tmp_path):
    first, first_sha = load(db, tmp_path / "a", "2020-01", robberies("2020-01", 3))
    second, second_sha = load(db, tmp_path / "b", "2020-01", robberies("2020-01", 5), now=LATER)
    assert series(db, "robbery", "lancashire").tolist() == [5.0]  # the latest wins
    assert street_revisions(db) == [
        StreetRevision(
            force="lancashire",
            month="2020-01",
            previous_rows=3,
            rows=5,
            previous_digest=first_sha,
            digest=second_sha,
            previous_path=str(first),
            path=str(second),
            revised_at=LATER.isoformat(timespec="seconds"),
        )
    ]


def test_the_same_total_moved_between_categories_is_a_revision(db, tmp_path):
    load(db, tmp_path / "a", "2020-01", robberies("2020-01", 3))
    rows = [*robberies("2020-01", 2), street_row("2020-01", "Burglary")]
    load(db, tmp_path / "b", "2020-01", rows)
    [revision] = street_revisions(db)
    assert (revision.previous_rows, revision.rows) == (3, 3)


def test_an_identical_file_loaded_again_records_nothing(db, tmp_path):
    load(db, tmp_path / "a", "2020-01", robberies("2020-01", 3))
    load(db, tmp_path / "b", "2020-01", robberies("2020-01", 3), now=LATER)
    assert street_revisions(db) == []


def test_another_file_with_the_same_counts_records_nothing(db, tmp_path):
    """A re-published file whose locations and outcomes changed: another digest, same counts."""
    load(db, tmp_path / "a", "2020-01", robberies("2020-01", 3))
    rows = robberies("2020-01", 3, Location="On or near Fishergate")
    _, sha = load(db, tmp_path / "b", "2020-01", rows)
    assert db.execute("SELECT digest FROM street_files").fetchall() == [(sha,)]
    assert street_revisions(db) == []


def test_a_first_load_of_a_month_is_no_revision(db, tmp_path):
    load(db, tmp_path / "a", "2020-01", robberies("2020-01", 3))
    load(db, tmp_path / "b", "2020-02", robberies("2020-02", 4))
    assert street_revisions(db) == []


def test_a_refused_ingest_records_no_revision(db, tmp_path):
    load(db, tmp_path / "a", "2020-01", robberies("2020-01", 3))
    write_street_file(tmp_path / "b", "2020-01", robberies("2020-01", 5))
    write_street_file(tmp_path / "b", "2020-02", robberies("2020-02", 1, Longitude="east"))
    before = table_hashes(db)
    with pytest.raises(IngestError):
        ingest(db, list_inputs([tmp_path / "b"]), now=LATER)
    assert table_hashes(db) == before
    assert street_revisions(db) == []


def test_revisions_are_listed_oldest_first_and_by_force(db, tmp_path):
    cumbria = {"Falls within": "Cumbria Constabulary"}
    load(db, tmp_path / "a", "2020-01", robberies("2020-01", 3))
    load(db, tmp_path / "b", "2020-01", robberies("2020-01", 4), now=NOW + timedelta(days=1))
    load(db, tmp_path / "c", "2020-01", robberies("2020-01", 1, **cumbria), force="cumbria")
    load(
        db,
        tmp_path / "d",
        "2020-01",
        robberies("2020-01", 2, **cumbria),
        force="cumbria",
        now=LATER,
    )
    load(db, tmp_path / "e", "2020-01", robberies("2020-01", 6), now=LATER + timedelta(days=1))
    assert [(r.force, r.previous_rows, r.rows) for r in street_revisions(db)] == [
        ("lancashire", 3, 4),
        ("cumbria", 1, 2),
        ("lancashire", 4, 6),
    ]
    assert [(r.previous_rows, r.rows) for r in street_revisions(db, "cumbria")] == [(1, 2)]


def test_digests_stored_before_blake3_keep_their_sha256_and_say_so(tmp_path):
    path = tmp_path / "old.db"
    old = Database(path)
    before = {schema_migrations: "m006_file_digest", revisions_migrations: "m002_digests"}
    for migrations in MIGRATION_SETS:  # the schema as it was before file digests
        migrations.apply(old, stop_before=before.get(migrations))
    old.table("street_files").insert(
        {
            "force": "lancashire",
            "month": "2020-01",
            "path": "a.csv",
            "sha256": "ab" * 32,
            "rows": 3,
            "ingested_at": "t",
        }
    )
    old.table("street_revisions").insert(
        {
            "force": "lancashire",
            "month": "2020-01",
            "previous_rows": 2,
            "rows": 3,
            "previous_sha256": "cd" * 32,
            "sha256": "ab" * 32,
            "previous_path": "b.csv",
            "path": "a.csv",
            "revised_at": "t",
        }
    )
    old.close()
    db = open_db(path)
    assert db.execute("SELECT digest FROM street_files").fetchall() == [("sha256:" + "ab" * 32,)]
    [revision] = street_revisions(db)
    assert (revision.previous_digest, revision.digest) == (
        "sha256:" + "cd" * 32,
        "sha256:" + "ab" * 32,
    )


def test_a_file_stored_with_sha256_loaded_again_unchanged_is_no_revision(db, tmp_path):
    # The digests differ (another algorithm); the counts are the same: not a revision.
    load(db, tmp_path / "a", "2020-01", robberies("2020-01", 3))
    db.execute("UPDATE street_files SET digest = 'sha256:' || substr(digest, 8)")
    load(db, tmp_path / "b", "2020-01", robberies("2020-01", 3), now=LATER)
    assert street_revisions(db) == []
