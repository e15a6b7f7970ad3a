"""Divisions and districts count their share of the crimes with no location."""

from __future__ import annotations

import pytest

from storage.ingest import ingest, list_inputs
from storage.series import located_series, series
from tests.ingest_time import NOW
from tests.storage.street_files import street_row, write_street_file


@pytest.fixture
def loaded(db, tmp_path):
    # March: Preston 6 burglaries, Chorley 2, Blackpool 2, and 5 with no location.
    # April: the same crimes placed, but only 1 with no location (geocoding got better).
    def month(name, unlocated):
        rows = [street_row(name, "Burglary", "Preston 001A") for _ in range(6)]
        rows += [street_row(name, "Burglary", "Chorley 002B") for _ in range(2)]
        rows += [street_row(name, "Burglary", "Blackpool 003C") for _ in range(2)]
        rows += [street_row(name, "Burglary", "") for _ in range(unlocated)]
        rows += [street_row(name, "Robbery", "Preston 001A")]
        write_street_file(tmp_path / "data", name, rows)

    month("2022-03", 5)
    month("2022-04", 1)
    areas = tmp_path / "areas.csv"
    areas.write_text("local_authority,division\nPreston,South\nChorley,South\nBlackpool,West\n")
    ingest(db, list_inputs([tmp_path / "data"], areas), now=NOW)
    return db


def test_each_district_gets_its_share_of_the_unlocated(loaded):
    preston = located_series(loaded, "burglary", "preston")
    # 6 of the 10 located burglaries: 6 + 5 x 0.6 = 9 in March, 6 + 1 x 0.6 = 6.6 in April.
    assert preston["2022-03"] == pytest.approx(9.0)
    assert preston["2022-04"] == pytest.approx(6.6)
    assert series(loaded, "burglary", "preston")["2022-03"] == 6  # the plain count is kept


def test_divisions_add_up_to_the_force(loaded):
    for month in ("2022-03", "2022-04"):
        total = sum(located_series(loaded, "burglary", d)[month] for d in ("south", "west"))
        assert total == pytest.approx(series(loaded, "burglary", "lancashire")[month])


def test_a_category_with_nothing_unlocated_is_unchanged(loaded):
    assert located_series(loaded, "robbery", "south").tolist() == [1.0, 1.0]


def test_totals_share_out_each_category_on_its_own(loaded):
    # All crime in South: burglary 8 + 5 x 0.8 = 12, robbery 1 (nothing unlocated) in March.
    assert located_series(loaded, "all-crime", "south")["2022-03"] == pytest.approx(13.0)


def test_the_force_is_its_plain_count(loaded):
    assert located_series(loaded, "burglary", "lancashire").tolist() == [15.0, 11.0]
