"""Inputs parsed in memory (long-format, areas, Home Office and groups files) have a size limit
of their own, refused unread beyond it with the file or member named; what an input is comes
from its first few KB, so a street-shaped file streams whatever its name."""

from __future__ import annotations

import zipfile

import pytest

from storage.errors import IngestError
from storage.ingest import IngestRules, ingest, list_inputs
from storage.sources import ReadLimits
from tests.ingest_time import NOW
from tests.storage.street_files import street_csv, street_row, write_street_file
from tests.storage.table_hashes import table_hashes

LIMIT = 1 << 20
RULES = IngestRules(read_limits=ReadLimits(max_table_bytes=LIMIT))
# A valid first row of each kind of file read whole, repeated to the size wanted.
TABLES = {
    "long-format": ("month,indicator,area,value\n", "2020-01,ksi-casualties,lancashire,3\n"),
    "areas": ("local_authority,division\n", "Preston,South\n"),
    "home-office": (
        "12 months ending,PFA,Region,Offence,Rolling year total number of offences\n",
        "31-03-2017,Lancashire,North West,Robbery,1200\n",
    ),
    "groups": ("group,force\n", "Most similar,Lancashire\n"),
}


def table_text(kind: str, size: int) -> str:
    header, row = TABLES[kind]
    return header + row * (size // len(row) + 1)


@pytest.fixture
def loaded(db, tmp_path):
    write_street_file(tmp_path / "good", "2020-01", [street_row("2020-01", "Robbery")])
    ingest(db, list_inputs([tmp_path / "good"]), now=NOW)
    return db


def refused(db, path, rules=RULES):
    before = table_hashes(db)
    with pytest.raises(IngestError) as caught:
        ingest(db, list_inputs([path]), now=NOW, rules=rules)
    assert table_hashes(db) == before
    [problem] = caught.value.problems
    return problem


@pytest.mark.parametrize("kind", sorted(TABLES))
def test_a_file_read_whole_beyond_the_limit_is_refused_unread(loaded, tmp_path, kind):
    path = tmp_path / "big.csv"
    path.write_text(table_text(kind, 2 * LIMIT))
    problem = refused(loaded, path)
    assert problem.path == str(path)
    assert f"{path.stat().st_size:,} bytes, beyond the limit of 1,048,576 for a file read " in (
        problem.message
    )
    assert "refused unread (SCRUTINY_MAX_TABLE_MB sets the limit)" in problem.message


def test_an_archive_member_read_whole_beyond_the_limit_is_refused_by_name(loaded, tmp_path):
    archive = tmp_path / "extract.zip"
    with zipfile.ZipFile(archive, "w") as zf:  # stored: within any compression ratio
        zf.writestr("figures/long.csv", table_text("long-format", 2 * LIMIT))
    problem = refused(loaded, archive)
    assert problem.path == f"{archive}:figures/long.csv"
    assert "beyond the limit of 1,048,576 for a file read whole" in problem.message


@pytest.mark.parametrize("kind", sorted(TABLES))
def test_a_file_within_the_limit_is_read(db, tmp_path, kind):
    path = tmp_path / "small.csv"
    path.write_text(TABLES[kind][0] + TABLES[kind][1])
    assert not ingest(db, list_inputs([path]), now=NOW, rules=RULES).is_empty


def test_a_file_that_grew_past_the_limit_after_it_was_listed_is_refused_at_the_limit(
    loaded, tmp_path
):
    path = tmp_path / "growing.csv"
    path.write_text(table_text("long-format", LIMIT // 2))
    inputs = list_inputs([path])  # its size when listed: within the limit
    path.write_text(table_text("long-format", 2 * LIMIT))
    before = table_hashes(loaded)
    with pytest.raises(IngestError) as caught:
        ingest(loaded, inputs, now=NOW, rules=RULES)
    assert table_hashes(loaded) == before
    [problem] = caught.value.problems
    assert problem.path == str(path)
    assert "more than 1,048,576 bytes, the limit for a file read whole" in problem.message


def test_a_street_shaped_member_not_named_as_one_is_told_by_its_head_and_never_read_whole(
    loaded, tmp_path
):
    """Its bytes past the first MiB are damaged: read whole, it would fail its CRC. Told by
    its header line to be a street-level file, it is refused for its name, unread."""
    rows = [street_row("2020-02", "Robbery")] * (3 * LIMIT // 150)
    archive = tmp_path / "extract.zip"
    with zipfile.ZipFile(archive, "w") as zf:  # stored, so a byte of it is a byte of the zip
        zf.writestr("crimes.csv", street_csv(rows))
    data = bytearray(archive.read_bytes())
    data[int(2.5 * LIMIT)] ^= 0xFF
    archive.write_bytes(bytes(data))
    problem = refused(loaded, archive)
    assert problem.path == f"{archive}:crimes.csv"
    assert "cannot tell the force and month from the file name" in problem.message


def test_the_damage_is_found_when_the_member_is_read(loaded, tmp_path):
    """The same damage in a member read whole (long-format) is found: the test above would
    see it if the member were read."""
    archive = tmp_path / "extract.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("long.csv", table_text("long-format", 3 * LIMIT))
    data = bytearray(archive.read_bytes())
    data[int(2.5 * LIMIT)] ^= 0xFF
    archive.write_bytes(bytes(data))
    rules = IngestRules(read_limits=ReadLimits(max_table_bytes=4 * LIMIT))
    assert "cannot be read: Bad CRC-32" in refused(loaded, archive, rules).message
