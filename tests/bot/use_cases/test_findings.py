"""Findings kept through storage's plain rows: the columns storage is queried by, the body in
the detectors' format, and findings kept by an earlier release read back."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from bot.use_cases.findings import (
    findings_before,
    from_row,
    save_run,
    stored_finding,
    stored_findings,
    to_row,
)
from detectors.finding import FINDINGS, FindingFormatError
from storage import findings as store
from tests.bot.findings import PRESTON_CONTINUES, PRESTON_ROBBERY, SOUTH_ROBBERY
from tests.detectors.test_finding_codec import FORMAT_1, SPIKE


def _save(db, month, found):
    return save_run(db, month, found, ran_at="2022-01-28T06:00:00+00:00", series=2, tests=2)


def test_findings_come_back_equal_with_their_evidence_and_limits(db):
    _save(db, "2021-12", [PRESTON_ROBBERY, SOUTH_ROBBERY])
    _save(db, "2022-01", [PRESTON_CONTINUES])
    assert stored_findings(db) == [PRESTON_ROBBERY, SOUTH_ROBBERY, PRESTON_CONTINUES]
    assert stored_findings(db, area="south") == [SOUTH_ROBBERY]
    assert findings_before(db, "2022-01") == [PRESTON_ROBBERY, SOUTH_ROBBERY]
    assert stored_finding(db, PRESTON_CONTINUES.id) == PRESTON_CONTINUES
    assert stored_finding(db, "robbery:nowhere:up:2021-12:2021-12") is None


def test_the_row_has_the_columns_storage_is_queried_by(db):
    _save(db, "2021-12", [PRESTON_ROBBERY])
    (row,) = store.findings(db)
    assert (row.id, row.as_of, row.area, row.status) == (
        "robbery:preston:up:2021-12:2021-12",
        "2021-12",
        "preston",
        "new",
    )
    assert row.format == FINDINGS.version and row.p_value is None
    assert store.get_run(db, "2021-12").alerts == 1


def test_a_finding_kept_by_an_earlier_release_reads_back(db):
    # The row as the release before numbered formats wrote it: its body is format 1.
    db.table("detection_runs").insert(
        {"month": "2017-05", "ran_at": "t", "series": 1, "tests": 1, "findings": 1, "alerts": 1}
    )
    columns = {k: v for k, v in vars(to_row(SPIKE)).items() if k not in ("body", "format")}
    db.table("findings").insert({**columns, "finding": FORMAT_1, "format": 1})
    assert stored_findings(db) == [SPIKE]


def test_a_body_that_no_longer_reads_names_the_stored_finding(db):
    body = json.loads(FORMAT_1)
    body["baseline"] = body.pop("expected")  # renamed, and no upgrade for it
    row = replace(to_row(SPIKE), body=body, format=1)
    with pytest.raises(FindingFormatError, match=rf"stored finding {SPIKE.id}: .*'baseline'"):
        from_row(row)
