"""The digest's messages: what the stored run for the month posted (its alerts, follow-ups and
data notices, read from each stored finding's alert); without a stored run it says so. The
report's national table where the Home Office table is loaded."""

from __future__ import annotations

from collections import defaultdict

import pytest

from bot.use_cases import detection as detect_run
from bot.use_cases.digest import NoFigures, gather, slack_digest, told
from bot.use_cases.findings import save_run
from messages.inputs import Unlocated
from storage import findings as findings_store
from storage.ingest import ingest, list_inputs
from tests.ingest_time import NOW
from tests.storage.home_office_table import SLICE
from tests.storage.street_files import street_row, write_street_file

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


def test_the_digest_tells_the_alerts_the_run_posted(data_db):
    results = detect_run.backfill(data_db, "2019-01", MONTH)
    data = gather(data_db, MONTH)
    posted = results[-1].alerts
    assert posted, "the last month's jump in Preston robbery should be an alert"
    assert [a.finding.id for a in data.told.alerts] == [e.lead.id for e in posted]
    assert any(
        a.finding.indicator == "robbery" and a.area_name == "South Division"
        for a in data.told.alerts
    )


def test_what_the_stored_run_found_is_what_the_digest_shows(data_db):
    # A stored run that found nothing (say, run with stricter settings) is not second-guessed.
    save_run(data_db, MONTH, [], ran_at="2022-01-28T06:00:00+00:00", series=1, tests=1)
    data = gather(data_db, MONTH)
    assert data.told.all() == ()
    assert data.figures  # the figures do not depend on the run


def write_episode(folder, *, high_months: int = 3):
    """36 months of robbery in three districts; Preston's jumps from 12 to 40 for
    ``high_months`` from the fifth month before last, then falls back. Two high months give
    an alert, a follow-up that continues it, then one that ends it."""
    months = [f"{2019 + i // 12}-{i % 12 + 1:02d}" for i in range(36)]
    for i, month in enumerate(months):
        rows = []
        for district, n in (("Preston 001A", 12), ("Chorley 002B", 7), ("Blackpool 003C", 9)):
            jump = district.startswith("Preston") and 31 <= i < 31 + high_months
            rows += [street_row(month, "Robbery", district)] * ((40 if jump else n) + i % 3)
            rows += [street_row(month, "Burglary", district)] * (n + 2 + i % 2)
        write_street_file(folder, month, rows)
    (folder / "areas.csv").write_text(
        "local_authority,division\nPreston,South\nChorley,South\nBlackpool,West\n"
    )
    return months


def posted_by_run(db, month):
    """What the stored run says it posted: the distinct alerts its findings are carried by,
    counted from storage's rows alone."""
    rows = findings_store.findings(db, first=month, last=month)
    return {row.alert for row in rows if row.alert is not None}


def test_the_digest_counts_equal_what_each_run_posted(db, tmp_path):
    months = write_episode(tmp_path, high_months=2)
    ingest(db, list_inputs([tmp_path]), now=NOW)
    results = {r.month: r for r in detect_run.backfill(db, months[24], months[-1])}
    seen = {"new": 0, "continuing": 0, "ended": 0}
    for month in months[30:]:
        result, told = results[month], gather(db, month).told
        new = [e for e in result.alerts if e.lead.kind != "data-quality"]
        continuing = [e for e in result.follow_ups if e.lead.status == "continuing"]
        ended = [e for e in result.follow_ups if e.lead.status == "ended"]
        assert len(told.alerts) == len(new)
        assert sum(t.finding.status == "continuing" for t in told.follow_ups) == len(continuing)
        assert sum(t.finding.status == "ended" for t in told.follow_ups) == len(ended)
        assert len(told.all()) == len(posted_by_run(db, month))
        fallback = slack_digest(gather(db, month), allow_sensitive=True)[0].text
        assert f"{len(new)} new alert" in fallback
        if result.follow_ups:
            assert f"({len(continuing)} continuing, {len(ended)} ended)" in fallback
        seen["new"] += len(new)
        seen["continuing"] += len(continuing)
        seen["ended"] += len(ended)
    # The counts above are only tested for a kind that occurs: the episode must give each.
    assert all(seen.values()), f"each of new, continuing and ended should occur: {seen}"


def test_a_run_stored_for_another_month_does_not_count(data_db):
    save_run(data_db, "2021-11", [], ran_at="2021-12-28T06:00:00+00:00", series=1, tests=1)
    with pytest.raises(NoFigures):
        gather(data_db, MONTH)


def test_crimes_without_a_location_are_counted_for_both_periods(data_db, tmp_path):
    # The fixture's data all have LSOAs: nothing is unlocated, in either period.
    save_run(data_db, MONTH, [], ran_at="2022-01-28T06:00:00+00:00", series=1, tests=1)
    assert gather(data_db, MONTH).unlocated == Unlocated(0, 0)


def test_unlocated_crimes_are_summed_over_each_period(db, tmp_path):
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


def test_the_report_has_the_national_table_where_the_home_office_table_is_loaded(db, tmp_path):
    months = [f"{2015 + (i + 6) // 12}-{(i + 6) % 12 + 1:02d}" for i in range(24)]  # to 2017-06
    for month in months:
        rows = [street_row(month, "Burglary")] * 5 + [street_row(month, "Anti-social behaviour")]
        write_street_file(tmp_path / "street", month, rows)
    ingest(db, list_inputs([SLICE, tmp_path / "street"]), now=NOW)
    save_run(db, "2017-06", [], ran_at="2017-07-28T06:00:00+00:00", series=1, tests=1)
    figures = {item.indicator.slug: item for item in gather(db, "2017-06").figures}
    national = figures["all-crime"].national
    assert national is not None
    assert (national.rows[0].area, national.rows[0].change) == ("lancashire", 12_168)  # the seed
    assert figures["burglary"].national.rows[0].change == 1_312
    assert figures["anti-social-behaviour"].national is None  # not in the Home Office table


def test_each_force_s_digest_counts_only_what_was_posted_about_its_own_areas(db, tmp_path):
    months = write_episode(tmp_path)
    ingest(db, list_inputs([tmp_path]), now=NOW)
    results = {r.month: r for r in detect_run.backfill(db, months[24], months[-1])}
    month = months[31]  # Preston's jump: the alert is South Division's
    assert results[month].alerts
    # South Division (with Preston and Chorley) moves to a second force.
    db["areas"].insert({"slug": "cumbria", "name": "Cumbria", "kind": "force", "parent": None})
    db["areas"].update("south", {"parent": "cumbria"})
    lancashire, cumbria = told(db, month, force="lancashire"), told(db, month, force="cumbria")
    assert {t.area_name for t in cumbria.all()} <= {"South Division", "Preston", "Chorley"}
    assert any(t.area_name == "South Division" for t in cumbria.alerts)
    assert not {t.area_name for t in lancashire.all()} & {"South Division", "Preston", "Chorley"}
    assert any(t.area_name == "Lancashire" for t in lancashire.alerts)  # its own stays


def test_the_report_s_statements_are_made_from_the_force_s_figures(db, tmp_path):
    # Preston's three months of 40 robberies against 12: 3 x 28 = 84 more robberies In Year,
    # burglary flat: robbery is the whole of the rise in high impact acquisitive crime.
    months = write_episode(tmp_path)
    ingest(db, list_inputs([tmp_path]), now=NOW)
    save_run(db, months[-1], [], ran_at=f"{months[-1]}-28T06:00:00+00:00", series=1, tests=1)
    data = gather(db, months[-1])
    figures = {item.indicator.slug: item for item in data.figures}
    hiac = figures["high-impact-acquisitive"]
    assert [(d.name, d.change, d.share) for d in hiac.drivers] == [("Robbery", 84, 1.0)]
    assert "is: Robbery - Up 84 crimes (" in hiac.statements[0]  # a crime, in crimes
    assert "Robbery accounts for approximately 100% of the increase" in hiac.statements[0]
    robbery = " ".join(figures["robbery"].statements)
    assert "The increase is mainly attributable to South Division." in robbery
    thread = " ".join(m.text + str(m.blocks) for m in slack_digest(data, allow_sensitive=True))
    assert "Robbery accounts for approximately 100% of the increase" in thread
