"""Findings and runs in storage: plain rows, idempotent runs, stable ids, bodies kept whole,
and rows written before formats were numbered still read."""

import json
from dataclasses import replace

import pytest
from sqlite_utils import Database

from storage import findings as store
from storage.db import MIGRATION_SETS, open_db

BODY = {"anything": ["the", "caller", "encoded"], "nested": {"p": 0.002, "none": None}}
SPIKE = store.FindingRow(
    id="robbery:south:up:2017-05:2017-05",
    as_of="2017-05",
    indicator="robbery",
    area="south",
    month="2017-05",
    kind="exceptional",
    direction="up",
    status="new",
    value=33.0,
    expected=15.3,
    episode="robbery:south:up:2017-05",
    p_value=0.002,
    body=BODY,
    format=3,
)
STEP = replace(
    SPIKE,
    id="drugs:met:up:2024-09:2024-11",
    indicator="drugs",
    area="met",
    kind="step-change",
    month="2024-09",
    as_of="2024-11",
    episode="drugs:met:up:2024-09",
    status="continuing",
    p_value=None,
    body={"other": 1},
)


def _save(db, month, found, **options):
    return store.save_run(
        db, month, found, ran_at="2017-06-01T09:00:00+00:00", series=56, tests=280, **options
    )


def test_a_row_comes_back_equal_with_its_body_and_format(db):
    _save(db, "2017-05", [SPIKE])
    assert store.findings(db) == [SPIKE]
    assert store.get_finding(db, SPIKE.id) == SPIKE
    assert store.get_finding(db, "no:such:id") is None


def test_rerunning_a_month_replaces_its_findings(db):
    _save(db, "2017-05", [SPIKE])
    _save(db, "2017-05", [replace(SPIKE, value=34.0)])
    assert [f.value for f in store.findings(db)] == [34.0]
    _save(db, "2017-05", [])
    assert store.findings(db) == []
    assert len(store.runs(db)) == 1 and store.get_run(db, "2017-05").findings == 0


def test_the_id_is_stable_across_reruns(db):
    _save(db, "2017-05", [SPIKE])
    _save(db, "2017-05", [SPIKE])
    assert [r["id"] for r in db.table("findings").rows] == ["robbery:south:up:2017-05:2017-05"]


def test_runs_record_counts_and_settings(db):
    continuing = replace(SPIKE, id="x:2017-05", episode="x", status="continuing")
    run = _save(db, "2017-05", [SPIKE, continuing], settings={"run_error_rate": 0.4})
    assert run == store.get_run(db, "2017-05")
    assert (run.series, run.tests, run.findings, run.alerts) == (56, 280, 2, 1)
    assert run.settings == {"run_error_rate": 0.4}


def test_findings_by_run_month_indicator_and_area(db):
    later = replace(SPIKE, id="robbery:south:up:2017-05:2017-06", as_of="2017-06", month="2017-06")
    _save(db, "2017-05", [SPIKE])
    _save(db, "2017-06", [later])
    _save(db, "2024-11", [STEP])
    assert store.findings(db, first="2017-06") == [later, STEP]
    assert store.findings(db, last="2017-05") == [SPIKE]
    assert store.findings(db, indicator="drugs") == [STEP]
    assert store.findings(db, area="south", first="2017-05", last="2017-05") == [SPIKE]
    assert store.findings_before(db, "2017-06") == [SPIKE]


def test_a_run_only_holds_its_own_month(db):
    with pytest.raises(ValueError, match="another run"):
        _save(db, "2017-06", [SPIKE])
    with pytest.raises(ValueError, match="share an id"):
        _save(db, "2017-05", [SPIKE, SPIKE])
    assert store.runs(db) == []


def test_rows_written_before_formats_were_numbered_read_as_format_1(tmp_path):
    path = tmp_path / "old.db"
    old = Database(path)
    for migrations in MIGRATION_SETS:  # the schema as it was before m002
        migrations.apply(old, stop_before="m002_finding_format")
    old.table("detection_runs").insert(
        {"month": "2017-05", "ran_at": "t", "series": 1, "tests": 1, "findings": 1, "alerts": 1}
    )
    row = {k: v for k, v in vars(SPIKE).items() if k not in ("body", "format", "event", "alert")}
    old.table("findings").insert({**row, "finding": json.dumps(BODY)})
    old.close()

    db = open_db(path)
    assert store.findings(db) == [replace(SPIKE, format=1)]
