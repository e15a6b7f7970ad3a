"""Findings and runs in storage: idempotent runs, stable ids, evidence kept whole."""

from dataclasses import replace

import pytest

from detectors import Evidence, Finding, Limits
from storage import findings as store

EVIDENCE = Evidence(
    rule="beyond-limit",
    method="poisson-xmr",
    baseline_start="2014-05",
    baseline_end="2017-04",
    baseline_points=36,
    p_value=0.002,
    raw_p_value=1e-4,
    tests_in_run=280,
    note="why",
)
SPIKE = Finding(
    indicator="robbery",
    area="south",
    month="2017-05",
    kind="exceptional",
    direction="up",
    value=33.0,
    expected=15.3,
    evidence=EVIDENCE,
    episode="robbery:south:up:2017-05",
    as_of="2017-05",
    limits=Limits(15.3, 3.5, 27.1, 7.4, 23.2),
)
STEP = replace(
    SPIKE,
    indicator="drugs",
    area="met",
    kind="step-change",
    month="2024-09",
    as_of="2024-11",
    episode="drugs:met:up:2024-09",
    status="continuing",
    limits=None,
    evidence=replace(
        EVIDENCE, rule="step-change", method="pelt", start_month="2024-09", run_length=3
    ),
)


def _save(db, month, found, **options):
    return store.save_run(
        db, month, found, ran_at="2017-06-01T09:00:00+00:00", series=56, tests=280, **options
    )


def test_a_finding_comes_back_equal_with_its_evidence(db):
    _save(db, "2017-05", [SPIKE])
    assert store.findings(db) == [SPIKE]
    assert store.get_finding(db, SPIKE.id) == SPIKE


def test_rerunning_a_month_replaces_its_findings(db):
    _save(db, "2017-05", [SPIKE])
    _save(db, "2017-05", [replace(SPIKE, value=34.0)])
    assert [f.value for f in store.findings(db)] == [34.0]
    _save(db, "2017-05", [])
    assert store.findings(db) == []
    assert len(store.runs(db)) == 1 and store.get_run(db, "2017-05").findings == 0


def test_the_id_is_stable_across_reruns(db):
    _save(db, "2017-05", [SPIKE])
    first = [r["id"] for r in db.table("findings").rows]
    _save(db, "2017-05", [SPIKE])
    assert (
        [r["id"] for r in db.table("findings").rows]
        == first
        == ["robbery:south:up:2017-05:2017-05"]
    )


def test_runs_record_counts_and_settings(db):
    run = _save(db, "2017-05", [SPIKE], settings={"run_error_rate": 0.4})
    assert run == store.get_run(db, "2017-05")
    assert (run.series, run.tests, run.findings, run.alerts) == (56, 280, 1, 1)
    assert run.settings == {"run_error_rate": 0.4}


def test_findings_by_run_month_indicator_and_area(db):
    later = replace(SPIKE, month="2017-06", as_of="2017-06", status="continuing")
    _save(db, "2017-05", [SPIKE])
    _save(db, "2017-06", [later])
    _save(db, "2024-11", [STEP])
    assert store.findings(db, first="2017-06") == [later, STEP]
    assert store.findings(db, last="2017-05") == [SPIKE]
    assert store.findings(db, indicator="drugs") == [STEP]
    assert store.findings(db, area="south", first="2017-05", last="2017-05") == [SPIKE]
    assert store.findings_before(db, "2017-06") == [SPIKE]


def test_a_run_only_holds_its_own_month(db):
    with pytest.raises(ValueError):
        _save(db, "2017-06", [SPIKE])
    with pytest.raises(ValueError):
        _save(db, "2017-05", [SPIKE, SPIKE])
    assert store.runs(db) == []
