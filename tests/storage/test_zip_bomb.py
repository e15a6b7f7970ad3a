"""A zip holding a 1 GiB member (8 million copies of one street-level row, 4 MB zipped):
refused unread under the default limits, with the member named and nothing stored; streamed
when the limits are raised to let it through. Either way the ingest, a subprocess measured
with its worker processes, stays under 1 GB of memory."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from storage.db import open_db
from tests.storage.peak_memory import run_measured, scrutiny
from tests.storage.street_files import street_csv, street_row
from tests.storage.table_hashes import table_hashes

MEMBER = "2020-02/2020-02-lancashire-street.csv"
GIB = 1 << 30
PEAK_LIMIT = 1_000_000_000  # 1 GB
ROW = street_csv([street_row("2020-02", "Burglary")]).split("\n", 1)[1].encode()
HEADER = street_csv([]).encode()
ROWS = (GIB - len(HEADER)) // len(ROW)

pytestmark = pytest.mark.slow  # writing and reading a GiB: about 12 s on two cores


@pytest.fixture(scope="module")
def bomb(tmp_path_factory) -> Path:
    """The archive, written a MiB at a time: the test never holds the member either."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.zip"
    chunk_rows = (1 << 20) // len(ROW)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(MEMBER, "w", force_zip64=True) as member,
    ):
        member.write(HEADER)
        for start in range(0, ROWS, chunk_rows):
            member.write(ROW * min(chunk_rows, ROWS - start))
    info = zipfile.ZipFile(path).getinfo(MEMBER)
    assert GIB - len(ROW) < info.file_size <= GIB
    assert info.file_size / info.compress_size > 100  # beyond the default ratio
    return path


@pytest.fixture
def loaded(tmp_path) -> Path:
    """A database with a month already stored, to show that it is left as it was."""
    db_path = tmp_path / "scrutiny.db"
    good = tmp_path / "2020-01-lancashire-street.csv"
    good.write_text(street_csv([street_row("2020-01", "Robbery")] * 3))
    assert run_measured(scrutiny("--db", str(db_path), "ingest", str(good)), {}).returncode == 0
    return db_path


def test_a_1_gib_member_is_refused_unread_by_name_and_nothing_is_stored(bomb, loaded):
    db = open_db(loaded)
    before = table_hashes(db)
    run = run_measured(scrutiny("--db", str(loaded), "ingest", str(bomb)), {})
    assert run.returncode == 1
    assert f"{bomb}:{MEMBER}: compressed" in run.output
    assert "(a zip bomb?); refused unread" in run.output
    assert table_hashes(db) == before
    assert run.peak_bytes < PEAK_LIMIT


def test_a_1_gib_member_let_through_the_limits_streams_in_bounded_memory(bomb, loaded):
    run = run_measured(
        scrutiny("--db", str(loaded), "ingest", str(bomb)),
        {"SCRUTINY_MAX_COMPRESSION_RATIO": "1000000"},
    )
    assert run.returncode == 0, run.output
    assert run.peak_bytes < PEAK_LIMIT
    counts = open_db(loaded).execute(
        "SELECT month, district, indicator, count FROM street_counts ORDER BY month"
    )
    assert counts.fetchall() == [
        ("2020-01", "preston", "robbery", 3),
        ("2020-02", "preston", "burglary", ROWS),
    ]


def test_a_1_gib_member_not_named_as_a_street_file_is_told_by_its_head_not_read_whole(
    bomb, loaded, tmp_path
):
    """Let through every limit, even the one on files read whole: told by its header line to
    be street-level, it is refused for its name without being read."""
    renamed = tmp_path / "renamed.zip"
    data = bomb.read_bytes()  # 4 MB: the name is in the member's header and the directory
    assert data.count(MEMBER.encode()) == 2
    renamed.write_bytes(data.replace(MEMBER.encode(), MEMBER.replace("street", "crimes").encode()))
    db = open_db(loaded)
    before = table_hashes(db)
    run = run_measured(
        scrutiny("--db", str(loaded), "ingest", str(renamed)),
        {"SCRUTINY_MAX_COMPRESSION_RATIO": "1000000", "SCRUTINY_MAX_TABLE_MB": "2048"},
    )
    assert run.returncode == 1
    assert f"{renamed}:2020-02/2020-02-lancashire-crimes.csv: cannot tell the force" in run.output
    assert table_hashes(db) == before
    assert run.peak_bytes < PEAK_LIMIT
