"""The Home Office force-area table is ingested as published: the slice on every clone, the
whole table where ../shared/data is present."""

from __future__ import annotations

import pytest

from storage.catalogue import builtin_indicators
from storage.force_areas import NATIONAL_SLUG, force_areas, members
from storage.home_office import (
    offence_groups,
    offences_for,
    parse_home_office_csv,
    period_end_month,
)
from storage.ingest import ingest, list_inputs
from tests.conftest import needs_shared_data
from tests.ingest_time import NOW
from tests.storage.home_office_table import (
    HEADER,
    NOT_FORCE_AREAS,
    REAL,
    SLICE,
    read_rows,
    regions,
)


@pytest.fixture
def slice_db(db):
    report = ingest(db, list_inputs([SLICE]), now=NOW)
    return db, report


def stored(db):
    return {
        (r[0], r[1], r[2]): r[3]
        for r in db.execute("SELECT force, month, offence, value FROM recorded_crime")
    }


@pytest.mark.parametrize(
    ("written", "month"),
    [
        ("31-03-2003", "2003-03"),
        ("30-06-2017", "2017-06"),
        ("30-09-2016", "2016-09"),
        ("31-12-2018", "2018-12"),
        ("30-12-2017", "2017-12"),  # the table's one spelling of the December 2017 quarter
    ],
)
def test_quarter_ends_are_months(written, month):
    assert period_end_month(written) == month


@pytest.mark.parametrize(
    "written", ["31-05-2017", "15-06-2017", "2017-06-30", "31-06-2017", "30-13-2017", "", "June"]
)
def test_other_dates_are_not_period_ends(written):
    assert period_end_month(written) is None


def test_the_slice_is_stored_row_for_row_except_what_is_not_a_force_area(slice_db):
    db, _ = slice_db
    rows = read_rows(SLICE)
    slugs = {f.name: f.slug for f in force_areas().values()}
    expected = {
        (slugs[r["PFA"]], period_end_month(r["12 months ending"]), r["Offence"]): int(
            r["Rolling year total number of offences"]
        )
        for r in rows
        if r["PFA"] not in NOT_FORCE_AREAS
    }
    assert stored(db) == expected
    assert len(expected) == 620  # 762 rows less British Transport Police's 124 and 18 fraud


def test_the_summary_says_what_was_left_out_and_how_a_date_was_read(slice_db):
    _, report = slice_db
    summary = report.summary()
    assert "30-12-2017 read as the quarter ending December 2017" in summary
    assert "not in England & Wales totals" in summary
    for name in NOT_FORCE_AREAS:
        assert name in summary
    assert "British Transport Police (124 rows)" in summary


def test_regions_come_from_the_table(slice_db):
    db, _ = slice_db
    expected = {
        {f.name: f.slug for f in force_areas().values()}[name]
        for name in regions(read_rows(SLICE))["North West"]
    }
    assert set(members(db, "north-west-region")) == expected
    assert len(expected) == 5
    assert db.execute(
        "SELECT name, kind FROM areas WHERE slug = 'north-west-region'"
    ).fetchone() == (
        "North West Region",
        "region",
    )


def test_england_and_wales_holds_the_43_force_areas_and_nothing_else(slice_db):
    db, _ = slice_db
    held = members(db, NATIONAL_SLUG)
    assert len(held) == 43
    assert "btp" not in held


def test_a_negative_published_adjustment_is_kept_as_published(slice_db):
    db, _ = slice_db
    assert stored(db)[("greater-manchester", "2013-12", "Fraud offences")] == -25


def test_reingesting_the_slice_changes_nothing(slice_db):
    db, _ = slice_db
    before = stored(db), sorted(db.execute("SELECT * FROM area_members").fetchall())
    ingest(db, list_inputs([SLICE]), now=NOW)
    assert (stored(db), sorted(db.execute("SELECT * FROM area_members").fetchall())) == before


def test_a_revised_table_replaces_a_force_period_whole(slice_db, tmp_path):
    db, _ = slice_db
    revised = tmp_path / "revised.csv"
    revised.write_text(f"{HEADER}\n30-06-2017,Lancashire,North West,Robbery,900\n")
    ingest(db, list_inputs([revised]), now=NOW)
    lancashire_june = {k: v for k, v in stored(db).items() if k[:2] == ("lancashire", "2017-06")}
    assert lancashire_june == {("lancashire", "2017-06", "Robbery"): 900}
    assert ("cumbria", "2017-06", "Robbery") in stored(db)  # other forces untouched
    assert len(members(db, "north-west-region")) == 5  # a table of one force empties no region


def test_all_crime_is_every_offence_group_but_fraud():
    groups = set(offences_for(builtin_indicators()["all-crime"]))
    table_groups = {r["Offence"] for r in read_rows(SLICE) if r["PFA"] not in NOT_FORCE_AREAS}
    assert groups == table_groups - {"Fraud offences"}
    assert len(groups) == 21


def test_burglary_is_all_four_categories_and_residential_is_its_own():
    assert set(offences_for(builtin_indicators()["burglary"])) == {
        "Domestic burglary",
        "Non-domestic burglary",
        "Residential burglary",
        "Non-residential burglary",
    }
    assert offences_for(builtin_indicators()["burglary-residential"]) == ("Residential burglary",)


def test_anti_social_behaviour_has_no_national_figures():
    assert offences_for(builtin_indicators()["anti-social-behaviour"]) == ()
    assert offences_for(builtin_indicators()["all-crime-and-asb"]) == ()


def test_the_whole_published_table_is_ingested():
    real = needs_shared_data(REAL)
    with real.open(encoding="utf-8", newline="") as handle:
        table, problems = parse_home_office_csv(handle, str(real))
    assert problems == []
    assert table is not None
    rows = read_rows(real)
    assert len(table.rows) == sum(1 for r in rows if r["PFA"] not in NOT_FORCE_AREAS) == 45_322
    assert {f.name for f in force_areas().values()} == {
        r["PFA"] for r in rows if r["PFA"] not in NOT_FORCE_AREAS
    }
    assert table.left_out == {
        "British Transport Police": 1054,
        "Action Fraud": 31,
        "CIFAS": 31,
        "UK Finance": 31,
    }
    assert table.respelled == {"30-12-2017": "2017-12"}
    assert len({r.month for r in table.rows}) == 52


def test_negatives_are_allowed_exactly_where_the_published_table_has_them():
    real = needs_shared_data(REAL)
    negative = {
        r["Offence"] for r in read_rows(real) if int(r["Rolling year total number of offences"]) < 0
    }
    allowed = {g.name for g in offence_groups().values() if g.negatives_allowed}
    assert (
        negative
        == allowed
        == {
            "Fraud offences",
            "Death or serious injury caused by illegal driving",
        }
    )
