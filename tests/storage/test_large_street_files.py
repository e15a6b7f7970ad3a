"""Street-level files larger than one read block (8 MiB) stream with exact counts: a large
force's month is bigger than that, and each block is read with dictionaries of its own."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from storage.catalogue import crime_type_slugs
from storage.ingest import ingest, list_inputs
from storage.police_uk import BLOCK_BYTES
from tests.conftest import LANCASHIRE, needs_shared_data
from tests.ingest_time import NOW

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "lancashire-street-sample.zip"
MONTH = "2020-04"
MEMBER = f"{MONTH}/{MONTH}-lancashire-street.csv"


def repeated_month(source: bytes, copies: int) -> bytes:
    """The month's rows ``copies`` times over, each copy's Crime IDs made distinct."""
    header, *rows = source.decode("utf-8-sig").splitlines(keepends=True)
    out = [header]
    for copy in range(copies):
        # A Crime ID is 64 hex digits; ASB rows have none and keep none.
        out.extend(re.sub(r"^([0-9a-f]{8})", rf"{copy:08x}", row[:64]) + row[64:] for row in rows)
    return "".join(out).encode()


def expected_counts(source: bytes, copies: int) -> dict[tuple[str, str], int]:
    """(district, indicator) counts read with the csv module, times ``copies``."""
    slugs = crime_type_slugs()
    counts: Counter[tuple[str, str]] = Counter()
    for row in csv.DictReader(io.StringIO(source.decode("utf-8-sig"), newline="")):
        district = re.sub(r"\s+\d{3}[A-Z]$", "", row["LSOA name"]).strip()
        slug = re.sub(r"[^a-z0-9]+", "-", district.lower()).strip("-")
        counts[(slug, slugs[row["Crime type"]])] += copies
    return dict(counts)


def stored_counts(db) -> dict[tuple[str, str], int]:
    return {
        (r[0], r[1]): r[2]
        for r in db.execute(
            "SELECT district, indicator, SUM(count) FROM street_counts GROUP BY 1, 2"
        )
    }


def ingest_big_file(db, folder: Path, source: bytes, copies: int) -> bytes:
    data = repeated_month(source, copies)
    path = folder / MONTH / f"{MONTH}-lancashire-street.csv"
    path.parent.mkdir(parents=True)
    path.write_bytes(data)
    report = ingest(db, list_inputs([folder]), now=NOW)
    assert report.street_rows == (source.count(b"\n") - 1) * copies
    return data


def test_a_13_mb_file_of_the_sample_month_counts_every_copy(db, tmp_path):
    with zipfile.ZipFile(SAMPLE) as archive:
        source = archive.read(MEMBER)
    copies = 13_000_000 // len(source) + 1
    data = ingest_big_file(db, tmp_path, source, copies)
    assert len(data) > 12 * (1 << 20) > BLOCK_BYTES
    assert len(set(re.findall(rb"^([0-9a-f]{64}),", data, re.M))) == data.count(b"\n") - 1 - (
        copies * source.count(b"\n,")
    )  # every crime has its own id; only ASB rows have none
    assert stored_counts(db) == expected_counts(source, copies)


@pytest.mark.slow
def test_a_real_month_four_times_counts_four_times_the_month(db, tmp_path):
    archive = needs_shared_data(LANCASHIRE / "lancashire-street-2019-12_2022-10.zip")
    with zipfile.ZipFile(archive) as opened:
        source = opened.read(MEMBER)
    data = ingest_big_file(db, tmp_path, source, 4)
    assert len(data) > 13_000_000
    derived = LANCASHIRE / "derived" / "street_monthly_counts_by_crime_type.csv"
    slugs = crime_type_slugs()
    with derived.open(newline="") as f:
        published = {
            slugs[r["crime_type"]]: 4 * int(r["count"])
            for r in csv.DictReader(f)
            if r["month"] == MONTH
        }
    force = dict(
        db.execute("SELECT indicator, SUM(count) FROM street_counts GROUP BY indicator").fetchall()
    )
    assert force == published


def test_worker_processes_count_as_threads_do(tmp_path):
    """Many large files are parsed in worker processes: the same counts, problems and order."""
    from storage.db import open_db
    from storage.errors import IngestError
    from storage.ingest import IngestRules

    with zipfile.ZipFile(SAMPLE) as archive:
        archive.extractall(tmp_path / "data")
    by_threads, by_processes = open_db(tmp_path / "t.db"), open_db(tmp_path / "p.db")
    ingest(by_threads, list_inputs([tmp_path / "data"]), now=NOW)
    rules = IngestRules(processes_from_bytes=0, memory_budget=1 << 30)
    ingest(by_processes, list_inputs([tmp_path / "data"]), now=NOW, rules=rules)
    assert stored_counts(by_processes) == stored_counts(by_threads) != {}
    bad = tmp_path / "data" / "2021-11" / "2021-11-lancashire-street.csv"
    bad.parent.mkdir()
    bad.write_text("Crime ID,Month\n")
    with pytest.raises(IngestError, match=r"2021-11-lancashire-street\.csv, line 1"):
        ingest(by_processes, list_inputs([tmp_path / "data"]), now=NOW, rules=rules)
