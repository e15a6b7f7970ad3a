"""The detection commands through storage: run, backfill, findings."""

from __future__ import annotations

import json

import click
import numpy as np
import pytest
from click.testing import CliRunner

from bot.cli.detect import COMMANDS, summary
from bot.use_cases import detection as detect_run
from detectors import Evidence, Finding
from storage import findings as findings_store
from storage.catalogue import builtin_indicators
from storage.db import open_db
from storage.ingest import ingest, list_inputs
from tests.ingest_time import NOW


@click.group()
@click.option("--db", "db_path", required=True)
@click.pass_context
def cli(ctx: click.Context, db_path: str) -> None:
    ctx.obj = {"db_path": db_path}


for command in COMMANDS:
    cli.add_command(command)


@pytest.fixture
def loaded(tmp_path):
    """40 months of hate crime (a spike in 2018-02) and victim satisfaction for one force."""
    rng = np.random.default_rng(1)
    rows = ["month,indicator,area,value,denominator"]
    for i in range(40):
        month = f"{2015 + (i // 12)}-{i % 12 + 1:02d}"
        hate = 130 if month == "2018-02" else rng.poisson(60)
        rows.append(f"{month},hate-crime,Lancashire,{hate},")
        rows.append(f"{month},victim-satisfaction,Lancashire,{rng.binomial(400, 0.8)},400")
    path = tmp_path / "measures.csv"
    path.write_text("\n".join(rows) + "\n")
    db_path = tmp_path / "scrutiny.db"
    db = open_db(db_path)
    ingest(db, list_inputs([path]), now=NOW)
    db.close()
    return str(db_path)


def _invoke(db_path, *args):
    result = CliRunner().invoke(cli, ["--db", db_path, *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_run_dry_run_prints_what_it_would_post_and_stores_nothing(loaded):
    output = _invoke(loaded, "run", "--month", "2018-02", "--dry-run")
    assert "2 series, 10 tests, 1 findings (1 new alerts), not stored (dry run)" in output
    assert (
        "[NEW] Hate crime in Lancashire: Exceptionally high. 130 hate crimes in February "
        "2018, over twice the three-year average of" in output
    )
    assert findings_store.runs(open_db(loaded)) == []


def test_run_stores_and_reruns_replace(loaded):
    _invoke(loaded, "run", "--month", "2018-02")
    _invoke(loaded, "run", "--month", "2018-02")
    db = open_db(loaded)
    assert [r.month for r in findings_store.runs(db)] == ["2018-02"]
    assert len(findings_store.findings(db)) == 1


def test_backfill_then_findings_as_json(loaded):
    output = _invoke(loaded, "backfill", "--from", "2018-01", "--to", "2018-04")
    assert output.count("series") == 4
    found = json.loads(_invoke(loaded, "findings", "--format", "json"))
    spike = next(f for f in found if f["month"] == "2018-02")
    assert {
        "indicator",
        "area",
        "month",
        "kind",
        "direction",
        "value",
        "expected",
        "episode",
        "summary",
    } <= set(spike)
    assert (spike["indicator"], spike["area"], spike["kind"], spike["direction"]) == (
        "hate-crime",
        "lancashire",
        "exceptional",
        "up",
    )
    assert spike["value"] == 130 and spike["summary"].startswith(
        "Hate crime in Lancashire: Exceptionally high. 130 hate crimes"
    )
    assert spike["episode"] == "hate-crime:lancashire:up:2018-02"
    assert not [f for f in found if f["as_of"] > "2018-04"]


def test_backfill_sees_earlier_runs(loaded):
    _invoke(loaded, "backfill", "--from", "2018-02", "--to", "2018-03")
    db = open_db(loaded)
    statuses = [
        (f.as_of, f.status) for f in findings_store.findings(db) if f.indicator == "hate-crime"
    ]
    assert statuses[0] == ("2018-02", "new")
    assert all(status != "new" for _, status in statuses[1:])


def test_findings_table_and_month_filters(loaded):
    _invoke(loaded, "backfill", "--from", "2018-01", "--to", "2018-03")
    table = _invoke(loaded, "findings", "--from", "2018-02", "--to", "2018-02")
    lines = table.strip().splitlines()
    assert lines[0].startswith("run") and len(lines) == 2 and "2018-02" in lines[1]


def test_bad_months_are_refused(loaded):
    result = CliRunner().invoke(cli, ["--db", loaded, "run", "--month", "2018-13"])
    assert result.exit_code == 2 and "not a month" in result.output


def test_run_detection_returns_the_findings_and_stores_them_with_their_events(loaded):
    db = open_db(loaded)
    result = detect_run.run_detection(db, "2018-02", dry_run=False)
    rows = findings_store.findings(db)
    assert [f.id for f in result.findings] == [r.id for r in rows]
    assert {r.id: r.alert for r in rows} == result.alert_of
    assert {e.id for e in findings_store.events(db)} == {
        e.id for e in result.events if e.status == "new"
    }


def test_summary_in_the_report_style():
    finding = Finding(
        indicator="robbery",
        area="south",
        month="2017-05",
        kind="exceptional",
        direction="up",
        value=33.0,
        expected=15.3,
        episode="robbery:south:up:2017-05",
        as_of="2017-05",
        evidence=Evidence(
            rule="beyond-limit",
            method="poisson-xmr",
            baseline_start="2014-05",
            baseline_end="2017-04",
            baseline_points=36,
        ),
    )
    line = summary(finding, {"south": "South Division"}, builtin_indicators())
    assert line == (
        "Robbery in South Division: Exceptionally high. 33 robberies in May 2017, "
        "over twice the three-year average of 15.3."
    )
