"""Schema of the ingested data: street-level counts, long-format measures, areas."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("scrutiny.data")


@migrations()
def m001_data_tables(db: Database) -> None:
    # One row per (force, month) file ingested: its presence is what makes a month "not missing".
    db.table("street_files").create(
        {"force": str, "month": str, "path": str, "sha256": str, "rows": int, "ingested_at": str},
        pk=("force", "month"),
    )
    # Counts at the finest level kept: district slug (from the LSOA name; "" = no LSOA) x type.
    db.table("street_counts").create(
        {"force": str, "month": str, "district": str, "indicator": str, "count": int},
        pk=("force", "month", "district", "indicator"),
    )
    db.table("street_counts").create_index(["indicator", "month"])
    db.table("measures").create(
        {
            "indicator": str,
            "area": str,
            "month": str,
            "value": float,
            "denominator": float,
            "source": str,
        },
        pk=("indicator", "area", "month"),
    )
    db.table("areas").create(
        {"slug": str, "name": str, "kind": str, "parent": str},
        pk="slug",
    )


@migrations()
def m002_indicator_definitions(db: Database) -> None:
    # The analyst's indicators file, as written (storage.indicator_file checks it; the catalogue
    # merges it with the built-in one). Loading a file replaces the previous file's rows.
    db.table("indicator_definitions").create(
        {
            "slug": str,
            "position": int,  # the row's order in the file
            "name": str,
            "noun": str,
            "theme": str,
            "unit": str,
            "bad_direction": str,
            "sensitive": int,
            "measure": str,
            "components": str,  # space-separated slugs
            "aliases": str,  # "; "-separated names
            "path": str,  # the file it came from
            "loaded_at": str,
        },
        pk="slug",
    )


@migrations()
def m003_break_definitions(db: Database) -> None:
    # The analyst's classification breaks file (storage.breaks_file), added to the built-in ones.
    db.table("break_definitions").create(
        {"indicator": str, "month": str, "reason": str, "path": str, "loaded_at": str},
        pk=("indicator", "month"),
    )


@migrations()
def m004_series_indexes(db: Database) -> None:
    # What storage.series asks of street_counts besides a force's rows (the primary key): a
    # district's (or a division's districts') counts of some indicators by month, and a force's
    # crimes with no location (district ''). Without it each district's series scans the whole
    # table: at national scale, millions of rows read for a few hundred.
    db.table("street_counts").create_index(["district", "force", "indicator", "month"])
    db.execute("ANALYZE")


@migrations()
def m005_measure_status(db: Database) -> None:
    # Whether the source still calls a long-format figure provisional; those stored before
    # the column existed were given as final.
    db.table("measures").add_column("status", str, not_null_default="final")


@migrations()
def m006_file_digest(db: Database) -> None:
    # A street file's fingerprint names its algorithm ("blake3:..."): files are now hashed
    # with BLAKE3, four times faster than SHA-256 (a national archive's 5 GB cost 2 s of its
    # 9), and those stored before keep their SHA-256, as "sha256:...".
    db.table("street_files").transform(rename={"sha256": "digest"})
    db.execute("UPDATE street_files SET digest = 'sha256:' || digest WHERE digest NOT LIKE '%:%'")
