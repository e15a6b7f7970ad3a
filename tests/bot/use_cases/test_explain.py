"""``explain INDICATOR AREA`` explains the latest finding for that indicator and area, up to the
latest run."""

from __future__ import annotations

from dataclasses import replace

from bot.use_cases.explain import explanation, is_finding_id, latest_finding
from bot.use_cases.findings import save_run
from tests.bot.findings import PRESTON_CONTINUES, PRESTON_ROBBERY, SOUTH_ROBBERY


def _save(db, month, found):
    save_run(db, month, found, ran_at="2022-02-28T06:00:00+00:00", series=2, tests=2)


def test_none_before_any_run(data_db):
    assert latest_finding(data_db, "robbery", "preston") is None


def test_the_latest_run_with_a_finding_for_the_indicator_and_area(data_db):
    _save(data_db, "2021-12", [PRESTON_ROBBERY, SOUTH_ROBBERY])
    _save(data_db, "2022-01", [PRESTON_CONTINUES])
    found = latest_finding(data_db, "robbery", "preston")
    assert found is not None and found.finding == PRESTON_CONTINUES
    assert found.area_name == "Preston" and found.indicator.name == "Robbery"
    # South Division's finding is of the run before: still the latest there is for South.
    assert latest_finding(data_db, "robbery", "south").finding == SOUTH_ROBBERY


def test_a_later_run_that_found_nothing_leaves_the_last_finding(data_db):
    _save(data_db, "2021-12", [PRESTON_ROBBERY])
    _save(data_db, "2022-01", [replace(SOUTH_ROBBERY, as_of="2022-01", status="continuing")])
    assert latest_finding(data_db, "robbery", "preston").finding == PRESTON_ROBBERY


def test_an_open_finding_before_one_that_ended_in_the_same_run(data_db):
    ended = replace(PRESTON_CONTINUES, status="ended")
    opened = replace(
        PRESTON_CONTINUES, direction="down", status="new", episode="robbery:preston:down:2022-01"
    )
    _save(data_db, "2022-01", [ended, opened])
    assert latest_finding(data_db, "robbery", "preston").finding == opened


def test_other_indicators_and_areas_are_not_taken(data_db):
    _save(data_db, "2021-12", [PRESTON_ROBBERY])
    assert latest_finding(data_db, "burglary", "preston") is None
    assert latest_finding(data_db, "robbery", "chorley") is None


def test_the_explanation_carries_the_series_and_the_year_on_year(data_db):
    _save(data_db, "2021-12", [PRESTON_ROBBERY])
    shown = explanation(data_db, latest_finding(data_db, "robbery", "preston"))
    # write_data: Preston's robberies are 10 + i % 3 a month, then 40 + 2 in the last.
    assert shown.series.loc["2021-12"] == 42
    assert shown.year_on_year is not None and shown.year_on_year.as_of == "2021-12"


def test_finding_ids_are_told_from_names():
    assert is_finding_id(PRESTON_ROBBERY.id)
    assert not is_finding_id("robbery")
    assert not is_finding_id("robbery west")
