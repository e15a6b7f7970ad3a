"""Archive members are capped in uncompressed size and compression ratio: a zip bomb is refused
with its member named, before it is read, and nothing is stored."""

from __future__ import annotations

import zipfile

import pytest

from storage.errors import IngestError
from storage.ingest import MEMORY_PER_READER, IngestRules, ingest, list_inputs
from storage.sources import ReadLimits
from tests.ingest_time import NOW
from tests.storage.street_files import street_csv, street_row, write_street_file
from tests.storage.table_hashes import table_hashes

BOMB = "2020-02/2020-02-lancashire-street.csv"


@pytest.fixture
def loaded(db, tmp_path):
    write_street_file(tmp_path / "good", "2020-01", [street_row("2020-01", "Robbery")])
    ingest(db, list_inputs([tmp_path / "good"]), now=NOW)
    return db


def archive_with(tmp_path, member_bytes: int):
    """A zip of a good month and a member of ``member_bytes`` identical rows (deflates ~500:1)."""
    row = street_csv([street_row("2020-02", "Burglary")]).split("\n", 1)[1]
    header = street_csv([]).encode()
    archive = tmp_path / "archive.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            "2020-03/2020-03-lancashire-street.csv", street_csv([street_row("2020-03", "Robbery")])
        )
        zf.writestr(BOMB, header + row.encode() * (member_bytes // len(row)))
    return archive


def refused(db, archive, rules) -> str:
    before = table_hashes(db)
    with pytest.raises(IngestError) as caught:
        ingest(db, list_inputs([archive]), now=NOW, rules=rules)
    assert table_hashes(db) == before
    [problem] = caught.value.problems
    assert problem.path == f"{archive}:{BOMB}"
    return problem.message


def test_a_member_larger_than_the_cap_is_refused_unread(loaded, tmp_path):
    rules = IngestRules(read_limits=ReadLimits(max_member_bytes=1 << 20, max_compression_ratio=1e9))
    message = refused(loaded, archive_with(tmp_path, 2 << 20), rules)
    assert "beyond the limit of 1,048,576" in message and "refused unread" in message


def test_a_member_compressed_beyond_the_ratio_is_refused(loaded, tmp_path):
    rules = IngestRules(
        read_limits=ReadLimits(max_compression_ratio=100, ratio_applies_above=1 << 20)
    )
    message = refused(loaded, archive_with(tmp_path, 4 << 20), rules)
    assert "to 1, beyond the limit of 100 to 1" in message


def test_the_default_limits_let_a_repetitive_small_member_through(loaded, tmp_path):
    # Under the size where the ratio applies (1 MiB): small files cannot hurt.
    report = ingest(loaded, list_inputs([archive_with(tmp_path, 500_000)]), now=NOW)
    assert report.street_rows > 2_000


def test_a_member_that_understates_its_size_is_refused_as_damaged(loaded, tmp_path):
    """The sizes in a zip's directory are what the limits check: a member that lies about its
    size is read no further than it claims, then fails its CRC."""
    archive = archive_with(tmp_path, 2 << 20)
    data = bytearray(archive.read_bytes())
    # Claim 1,000 bytes in the member's central directory entry (46 bytes before its name).
    central = data.rindex(BOMB.encode()) - 46
    assert data[central : central + 4] == b"PK\x01\x02"
    data[central + 24 : central + 28] = (1000).to_bytes(4, "little")
    archive.write_bytes(bytes(data))
    rules = IngestRules(read_limits=ReadLimits(max_member_bytes=1 << 20, max_compression_ratio=1e9))
    before = table_hashes(loaded)
    with pytest.raises(IngestError) as caught:
        ingest(loaded, list_inputs([archive]), now=NOW, rules=rules)
    assert table_hashes(loaded) == before
    [problem] = caught.value.problems
    assert problem.path == f"{archive}:{BOMB}"
    assert "cannot be read: Bad CRC-32" in problem.message


def test_files_read_at_once_are_bounded_by_memory_not_cores():
    assert IngestRules(memory_budget=MEMORY_PER_READER).readers() == 1
    assert IngestRules(memory_budget=0).readers() == 1
