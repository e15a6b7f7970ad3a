"""The digest's findings: those of the stored run for the month when there is one, else the
detectors replayed from the first month of data."""

from __future__ import annotations

from collections import defaultdict

import pytest

from bot.use_cases import detection as detect_run
from bot.use_cases import digest as digest_data
from bot.use_cases.digest import gather
from bot.use_cases.findings import save_run
from messages.inputs import Unlocated

MONTH = "2021-12"  # the data's last month: robbery jumps in Preston, inside South Division


@pytest.fixture
def replays(monkeypatch):
    """The months ``gather`` replayed the detectors to."""
    called = []
    replay = digest_data.replay

    def counting(inputs, first, last, **kwargs):
        called.append(last)
        return replay(inputs, first, last, **kwargs)

    monkeypatch.setattr(digest_data, "replay", counting)
    return called


def store_runs(db, findings, months):
    by_run = defaultdict(list)
    for finding in findings:
        by_run[finding.as_of].append(finding)
    for month in months:
        save_run(db, month, by_run[month], ran_at=f"{month}-28T06:00:00+00:00", series=1, tests=1)


def test_without_a_stored_run_the_detectors_are_replayed(data_db, replays):
    data = gather(data_db, MONTH)
    assert replays == [MONTH]
    assert any(
        f.finding.indicator == "robbery" and f.area_name == "South Division" for f in data.findings
    )


def test_the_stored_run_is_used_and_nothing_is_replayed(data_db, replays):
    replayed = gather(data_db, MONTH)
    findings = digest_data.replay(detect_run.load_inputs(data_db), "2019-01", MONTH)
    store_runs(data_db, findings, sorted({f.as_of for f in findings} | {MONTH}))
    replays.clear()
    stored = gather(data_db, MONTH)
    assert replays == []
    assert stored.findings == replayed.findings  # the same detectors, the same answer
    assert [chart_marks(f.chart) for f in stored.figures] == [
        chart_marks(f.chart) for f in replayed.figures
    ]


def chart_marks(chart):
    """What a chart shows besides its series."""
    return (
        chart.limits,
        chart.limits_from,
        chart.seasonal,
        chart.flagged,
        chart.step_changes,
        chart.levels,
        chart.run,
        list(chart.series.index.astype(str)),
    )


def test_what_the_stored_run_found_is_what_the_digest_shows(data_db, replays):
    # A stored run that found nothing (say, run with stricter settings) is not second-guessed.
    save_run(data_db, MONTH, [], ran_at="2022-01-28T06:00:00+00:00", series=1, tests=1)
    data = gather(data_db, MONTH)
    assert data.findings == [] and replays == []
    assert data.figures  # the figures do not depend on the run


def test_a_run_stored_for_another_month_does_not_count(data_db, replays):
    save_run(data_db, "2021-11", [], ran_at="2021-12-28T06:00:00+00:00", series=1, tests=1)
    gather(data_db, MONTH)
    assert replays == [MONTH]


def test_crimes_without_a_location_are_counted_for_both_periods(data_db, tmp_path):
    # The fixture's data all have LSOAs: nothing is unlocated, in either period.
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
    ingest(db, list_inputs([tmp_path]))
    assert gather(db, "2021-12").unlocated == Unlocated(current=24, previous=12)
