import math

import pytest

from storage.errors import UnknownSlug
from storage.ingest import ingest, list_inputs
from storage.series import (
    available_series,
    series,
    series_with_denominator,
    unlocated_series,
)
from tests.ingest_time import NOW
from tests.storage.street_files import street_row, write_street_file

AREAS = "local_authority,division\nPreston,South\nChorley,South\nBlackpool,West\n"


@pytest.fixture
def loaded(db, tmp_path):
    write_street_file(
        tmp_path,
        "2020-01",
        [
            street_row("2020-01", "Robbery", "Preston 001A"),
            street_row("2020-01", "Robbery", "Chorley 002B"),
            street_row("2020-01", "Burglary", "Blackpool 003C"),
            street_row("2020-01", "Burglary", ""),
        ],
    )
    # 2020-02 is not published; 2020-03 has no robbery anywhere (a true zero).
    write_street_file(tmp_path, "2020-03", [street_row("2020-03", "Burglary", "Preston 001A")])
    (tmp_path / "areas.csv").write_text(AREAS)
    ingest(db, list_inputs([tmp_path]), now=NOW)
    return db


def values(s):
    return [None if math.isnan(v) else v for v in s.tolist()]


def test_force_series_counts_every_row_with_missing_months_as_nan(loaded):
    s = series(loaded, "burglary", "lancashire")
    assert [str(m) for m in s.index] == ["2020-01", "2020-02", "2020-03"]
    assert values(s) == [2.0, None, 1.0]


def test_a_published_month_without_a_category_is_zero(loaded):
    assert values(series(loaded, "robbery", "lancashire")) == [2.0, None, 0.0]


def test_division_sums_its_districts(loaded):
    assert values(series(loaded, "robbery", "south")) == [2.0, None, 0.0]
    assert values(series(loaded, "burglary", "west")) == [1.0, None, 0.0]


def test_district_series(loaded):
    assert values(series(loaded, "robbery", "chorley")) == [1.0, None, 0.0]


def test_derived_indicator_sums_its_components(loaded):
    assert values(series(loaded, "high-impact-acquisitive", "lancashire")) == [4.0, None, 1.0]


@pytest.mark.parametrize(
    ("indicator", "area", "what"),
    [
        ("rob", "lancashire", "indicator"),  # a prefix of robbery: not robbery
        ("robery", "lancashire", "indicator"),  # a misspelling: not robbery
        ("Robbery", "lancashire", "indicator"),  # a display name: not the slug
        ("robbery", "lanc", "area"),
        ("robbery", "South Division", "area"),
        ("robbery", "prestn", "area"),
    ],
)
def test_anything_but_an_exact_slug_is_an_error_not_another_series(loaded, indicator, area, what):
    # Storage takes exact slugs only: what people type is resolved in bot.use_cases.names.
    with pytest.raises(UnknownSlug) as refused:
        series(loaded, indicator, area)
    assert refused.value.what == what


def test_long_format_counts_and_proportions(db, tmp_path):
    (tmp_path / "long.csv").write_text(
        "month,indicator,area,value,denominator\n"
        "2021-01,missing-person-incidents,lancashire,300,\n"
        "2021-03,missing-person-incidents,lancashire,320,\n"
        "2021-01,victim-satisfaction,lancashire,80,100\n"
    )
    ingest(db, list_inputs([tmp_path / "long.csv"]), now=NOW)
    assert values(series(db, "missing-person-incidents", "lancashire")) == [300.0, None, 320.0]
    assert values(series(db, "victim-satisfaction", "lancashire")) == [0.8]
    frame = series_with_denominator(db, "victim-satisfaction", "lancashire")
    assert frame.iloc[0].tolist() == [80.0, 100.0]
    assert ("missing-person-incidents", "lancashire") in available_series(db)


def test_reingesting_a_month_replaces_it(loaded, tmp_path):
    write_street_file(
        tmp_path / "again", "2020-03", [street_row("2020-03", "Robbery", "Preston 001A")] * 3
    )
    ingest(loaded, list_inputs([tmp_path / "again"]), now=NOW)
    assert values(series(loaded, "robbery", "lancashire")) == [2.0, None, 3.0]
    assert values(series(loaded, "burglary", "lancashire")) == [2.0, None, 0.0]


def test_available_series_cover_force_divisions_and_districts(loaded):
    areas = {a for _, a in available_series(loaded)}
    assert {"lancashire", "south", "west", "preston", "chorley", "blackpool"} <= areas


def test_unlocated_series_counts_crimes_without_lsoa_not_asb(db, tmp_path):
    write_street_file(
        tmp_path,
        "2020-01",
        [street_row("2020-01", "Burglary", "")] * 2
        + [street_row("2020-01", "Anti-social behaviour", "")]
        + [street_row("2020-01", "Burglary", "Preston 001A")],
    )
    write_street_file(tmp_path, "2020-03", [street_row("2020-03", "Burglary", "Preston 001A")])
    ingest(db, list_inputs([tmp_path]), now=NOW)
    assert values(unlocated_series(db, "lancashire")) == [2.0, None, 0.0]
