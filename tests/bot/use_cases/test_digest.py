"""The digest's findings: those of the stored run for the month; without one it says so."""

from __future__ import annotations

from collections import defaultdict

import pytest

from bot.use_cases import detection as detect_run
from bot.use_cases.digest import NoFigures, gather
from bot.use_cases.findings import save_run, stored_findings
from messages.inputs import Unlocated
from tests.ingest_time import NOW

MONTH = "2021-12"  # the data's last month: robbery jumps in Preston, inside South Division


def store_runs(db, findings, months):
    by_run = defaultdict(list)
    for finding in findings:
        by_run[finding.as_of].append(finding)
    for month in months:
        save_run(db, month, by_run[month], ran_at=f"{month}-28T06:00:00+00:00", series=1, tests=1)


def test_without_a_stored_run_the_digest_says_so_at_once(data_db):
    with pytest.raises(NoFigures, match="detection has not run for 2021-12"):
        gather(data_db, MONTH)


def test_the_stored_run_is_what_the_digest_shows(data_db):
    detect_run.backfill(data_db, "2019-01", MONTH)
    data = gather(data_db, MONTH)
    stored = stored_findings(data_db, first=MONTH, last=MONTH)
    shown = {"lancashire", "south", "west"}  # the force and its divisions: districts are not
    assert {n.finding.id for n in data.findings} == {f.id for f in stored if f.area in shown}
    assert any(
        n.finding.indicator == "robbery" and n.area_name == "South Division" for n in data.findings
    )


def test_what_the_stored_run_found_is_what_the_digest_shows(data_db):
    # A stored run that found nothing (say, run with stricter settings) is not second-guessed.
    save_run(data_db, MONTH, [], ran_at="2022-01-28T06:00:00+00:00", series=1, tests=1)
    data = gather(data_db, MONTH)
    assert data.findings == []
    assert data.figures  # the figures do not depend on the run


def test_a_run_stored_for_another_month_does_not_count(data_db):
    save_run(data_db, "2021-11", [], ran_at="2021-12-28T06:00:00+00:00", series=1, tests=1)
    with pytest.raises(NoFigures):
        gather(data_db, MONTH)


def test_crimes_without_a_location_are_counted_for_both_periods(data_db, tmp_path):
    # The fixture's data all have LSOAs: nothing is unlocated, in either period.
    save_run(data_db, MONTH, [], ran_at="2022-01-28T06:00:00+00:00", series=1, tests=1)
    assert gather(data_db, MONTH).unlocated == Unlocated(0, 0)


def test_unlocated_crimes_are_summed_over_each_period(db, tmp_path):
    from storage.ingest import ingest, list_inputs
    from tests.storage.street_files import street_row, write_street_file

    for year in (2020, 2021):
        for month in range(1, 13):
            m = f"{year}-{month:02d}"
            rows = [street_row(m, "Robbery", "Preston 001A")] * 3
            rows += [street_row(m, "Burglary", "")] * (1 if year == 2020 else 2)
            write_street_file(tmp_path, m, rows)
    (tmp_path / "areas.csv").write_text("local_authority,division\nPreston,South\n")
    ingest(db, list_inputs([tmp_path]), now=NOW)
    save_run(db, "2021-12", [], ran_at="2022-01-28T06:00:00+00:00", series=1, tests=1)
    assert gather(db, "2021-12").unlocated == Unlocated(current=24, previous=12)
