"""A slice of two real data.police.uk files (tests/fixtures), ingested and checked against counts
made here with the csv module alone: the real layout, quoting and odd rows, on any clone."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from storage.areas import slugify
from storage.catalogue import crime_type_slugs
from storage.db import open_db
from storage.ingest import ingest, list_inputs
from storage.series import series
from tests.ingest_time import NOW

SAMPLE = Path(__file__).resolve().parents[1] / "fixtures" / "lancashire-street-sample.zip"


def _rows() -> list[dict[str, str]]:
    rows = []
    with zipfile.ZipFile(SAMPLE) as archive:
        for name in archive.namelist():
            text = archive.read(name).decode("utf-8-sig")
            rows += list(csv.DictReader(io.StringIO(text, newline="")))
    return rows


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    db = open_db(tmp_path_factory.mktemp("sample") / "sample.db")
    ingest(db, list_inputs([SAMPLE]), now=NOW)
    return db


def test_the_sample_is_what_its_source_file_says():
    rows = _rows()
    assert Counter(r["Month"] for r in rows) == {"2020-04": 952, "2021-10": 999}
    assert {r["Falls within"] for r in rows} == {"Lancashire Constabulary"}


def test_force_counts_by_crime_type(sample_db):
    expected = Counter((r["Month"], crime_type_slugs()[r["Crime type"]]) for r in _rows())
    for slug in crime_type_slugs().values():
        got = series(sample_db, slug, "lancashire")
        for month in ("2020-04", "2021-10"):
            assert got[month] == expected[(month, slug)], (slug, month)


def test_district_counts_and_crimes_with_no_location(sample_db):
    def district(lsoa_name: str) -> str:
        return slugify(re.sub(r"\s+\d{3}[A-Z]$", "", lsoa_name))

    expected = Counter(
        (r["Month"], district(r["LSOA name"]), crime_type_slugs()[r["Crime type"]]) for r in _rows()
    )
    stored = {
        (m, d, i): c
        for m, d, i, c in sample_db.execute(
            "SELECT month, district, indicator, count FROM street_counts"
        )
    }
    assert stored == dict(expected)
    assert sum(c for (_, d, _), c in stored.items() if d == "") > 0  # "No Location" rows kept


def test_anti_social_behaviour_rows_have_no_crime_id_and_still_count(sample_db):
    asb = [r for r in _rows() if r["Crime type"] == "Anti-social behaviour"]
    assert asb and all(r["Crime ID"] == "" for r in asb)
    assert series(sample_db, "anti-social-behaviour", "lancashire").sum() == len(asb)
