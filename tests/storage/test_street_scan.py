"""The DuckDB scan of street files on disk: the same counts as the exact block-by-block path
(the reference here), and no opinion on any file that path would refuse."""

from __future__ import annotations

import zipfile
from functools import partial
from pathlib import Path

import pytest

from storage.db import open_db
from storage.ingest import IngestRules, ingest, list_inputs
from storage.police_uk import force_and_month_from_name, parse_street_csv
from storage.street_scan import Candidate, has_plain_header, scan_street_files
from tests.ingest_time import NOW
from tests.storage.street_files import street_csv, street_row, write_street_file
from tests.storage.table_hashes import table_hashes

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "lancashire-street-sample.zip"


def candidates(paths):
    return [Candidate(str(p), p, *force_and_month_from_name(str(p))) for p in paths]


def exact(path):
    return parse_street_csv(partial(path.open, "rb"), str(path))


@pytest.fixture
def real_files(tmp_path):
    with zipfile.ZipFile(SAMPLE) as archive:
        archive.extractall(tmp_path)
    return sorted(tmp_path.glob("*/*-street.csv"))


def test_real_files_are_counted_as_the_exact_path_counts_them(real_files):
    # Real CRLF files: ASB rows without a Crime ID, "No Location" rows without an LSOA, LSOAs
    # of other forces' districts.
    assert len(real_files) == 2
    assert all(has_plain_header(p) for p in real_files)
    scanned = dict(scan_street_files(candidates(real_files)))
    for path in real_files:
        assert scanned[str(path)] == exact(path)
    assert scanned[str(real_files[0])].rows == 952


def test_odd_district_names_come_out_as_the_exact_path_names_them(tmp_path):
    rows = [
        street_row("2020-02", "Burglary", "  Preston 001A"),
        street_row("2020-02", "Burglary", "Preston 001A "),  # no code at the end: kept whole
        street_row("2020-02", "Robbery", "Preston 001A 002B"),  # only the last code goes
        street_row("2020-02", "Robbery", "St. Helens 010C"),
        street_row("2020-02", "Anti-social behaviour", ""),
        street_row("2020-02", "Drugs", "Wyre\t003D"),
    ]
    path = write_street_file(tmp_path, "2020-02", rows)
    ((_, scanned),) = scan_street_files(candidates([path]))
    assert scanned == exact(path)
    assert scanned.counts[("Preston 001A", "robbery")] == 1


BAD = {
    "mixed months": [street_row("2020-02", "Burglary"), street_row("2020-03", "Burglary")],
    "unknown crime type": [street_row("2020-02", "Jaywalking")],
    "NaN longitude": [street_row("2020-02", "Burglary", Longitude="nan")],
    "latitude out of range": [street_row("2020-02", "Burglary", Latitude="91")],
    "two forces": [
        street_row("2020-02", "Burglary"),
        street_row("2020-02", "Burglary", **{"Falls within": "Cumbria Constabulary"}),
    ],
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_file_the_exact_path_refuses_is_left_to_it(tmp_path, case):
    path = write_street_file(tmp_path, "2020-02", BAD[case])
    assert dict(scan_street_files(candidates([path]))) == {str(path): None}


def test_an_unreadable_file_leaves_its_whole_batch_to_the_exact_path(tmp_path):
    good = write_street_file(tmp_path, "2020-02", [street_row("2020-02", "Burglary")])
    short = write_street_file(tmp_path, "2020-03", [street_row("2020-03", "Burglary")])
    short.write_text(short.read_text() + ",2020-03,Lancashire Constabulary\n")
    assert dict(scan_street_files(candidates([good, short]))) == {str(good): None, str(short): None}


def test_a_header_other_than_police_uks_is_no_candidate(tmp_path):
    path = tmp_path / "2020-02" / "2020-02-lancashire-street.csv"
    path.parent.mkdir()
    path.write_bytes(b"\xef\xbb\xbf" + street_csv([street_row("2020-02", "Burglary")]).encode())
    assert not has_plain_header(path)


def test_an_ingest_through_the_scan_stores_what_the_exact_path_stores(db, tmp_path, real_files):
    exact_db = open_db(tmp_path / "other.db")
    ingest(exact_db, list_inputs([tmp_path]), now=NOW)
    ingest(db, list_inputs([tmp_path]), now=NOW, rules=IngestRules(scan_from_bytes=0))
    stored = ("street_counts", "street_files", "areas")
    scanned, read = table_hashes(db), table_hashes(exact_db)
    assert {t: scanned[t] for t in stored} == {t: read[t] for t in stored}
    assert db.execute("SELECT sum(count) FROM street_counts").fetchone()[0] == 952 + 999
    exact_db.close()
