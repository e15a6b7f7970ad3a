"""Findings and detection runs.

A run is keyed by its month (``as_of``): re-running a month replaces that run's findings in one
transaction, never duplicates them. A finding's id is ``Finding.id`` (``episode:as_of``), stable
across re-runs, so the outbox can key deliveries on it. The finding itself (with its evidence
and limits) is kept as JSON; the columns beside it are there to query by.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from detectors.finding import Finding

migrations = Migrations("scrutiny.findings")


@migrations()
def m001_findings(db: Database) -> None:
    db.table("detection_runs").create(
        {
            "month": str,
            "ran_at": str,
            "series": int,
            "tests": int,
            "findings": int,
            "alerts": int,
            "settings": str,
        },
        pk="month",
        not_null={"month", "ran_at"},
    )
    db.table("findings").create(
        {
            "id": str,
            "as_of": str,
            "indicator": str,
            "area": str,
            "month": str,
            "kind": str,
            "direction": str,
            "status": str,
            "value": float,
            "expected": float,
            "episode": str,
            "p_value": float,
            "finding": str,
        },
        pk="id",
        not_null={
            "id",
            "as_of",
            "indicator",
            "area",
            "month",
            "kind",
            "direction",
            "status",
            "episode",
            "finding",
        },
        foreign_keys=[("as_of", "detection_runs", "month")],
    )
    db.table("findings").create_index(["as_of"])
    db.table("findings").create_index(["indicator", "area", "as_of"])
    db.table("findings").create_index(["episode"])


@dataclass(frozen=True)
class Run:
    month: str  # YYYY-MM the run detected as of
    ran_at: str  # ISO 8601 time it was stored (the caller's clock)
    series: int  # series assessed
    tests: int  # tests under the run's false-alarm control
    findings: int
    alerts: int  # findings that open a new episode
    settings: dict[str, Any]


def save_run(
    db: Database,
    month: str,
    findings: Sequence[Finding],
    *,
    ran_at: str,
    series: int,
    tests: int,
    settings: Mapping[str, Any] | None = None,
) -> Run:
    """Store the run for ``month`` and its findings, replacing any earlier run of that month."""
    strays = [f.id for f in findings if f.as_of != month]
    if strays:
        raise ValueError(f"findings of another run in the run for {month}: {strays[:3]}")
    if len({f.id for f in findings}) != len(findings):
        raise ValueError(f"two findings share an id in the run for {month}")
    run = Run(
        month=month,
        ran_at=ran_at,
        series=series,
        tests=tests,
        findings=len(findings),
        alerts=sum(f.status == "new" for f in findings),
        settings=dict(settings or {}),
    )
    with db.atomic():
        db.execute("DELETE FROM findings WHERE as_of = ?", [month])
        db.table("detection_runs").upsert(_run_row(run), pk="month")
        db.table("findings").insert_all((_finding_row(f) for f in findings), pk="id")
    return run


def get_run(db: Database, month: str) -> Run | None:
    rows = list(db.table("detection_runs").rows_where("month = ?", [month]))
    return _run(rows[0]) if rows else None


def runs(db: Database) -> list[Run]:
    return [_run(row) for row in db.table("detection_runs").rows_where(order_by="month")]


def findings(
    db: Database,
    *,
    first: str | None = None,
    last: str | None = None,
    indicator: str | None = None,
    area: str | None = None,
) -> list[Finding]:
    """Findings of the runs for ``first`` .. ``last`` (run months, inclusive), oldest run first."""
    where, params = _where(first=first, last=last, indicator=indicator, area=area)
    return _load(db, where, params)


def findings_before(db: Database, month: str) -> list[Finding]:
    """Findings of every run before ``month``: what the run for ``month`` builds on (open
    episodes, accepted step changes, months already reported exceptional)."""
    return _load(db, "as_of < ?", [month])


def get_finding(db: Database, finding_id: str) -> Finding | None:
    found = _load(db, "id = ?", [finding_id])
    return found[0] if found else None


def _where(**filters: str | None) -> tuple[str, list[str]]:
    clauses = {
        "first": "as_of >= ?",
        "last": "as_of <= ?",
        "indicator": "indicator = ?",
        "area": "area = ?",
    }
    chosen = [(clauses[name], value) for name, value in filters.items() if value is not None]
    return " AND ".join(c for c, _ in chosen) or "1 = 1", [v for _, v in chosen]


def _load(db: Database, where: str, params: Iterable[str]) -> list[Finding]:
    rows = db.table("findings").rows_where(
        where, list(params), order_by="as_of, indicator, area, direction"
    )
    return [Finding.from_dict(json.loads(row["finding"])) for row in rows]


def _finding_row(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.id,
        "as_of": finding.as_of,
        "indicator": finding.indicator,
        "area": finding.area,
        "month": finding.month,
        "kind": finding.kind,
        "direction": finding.direction,
        "status": finding.status,
        "value": finding.value,
        "expected": finding.expected,
        "episode": finding.episode,
        "p_value": finding.evidence.p_value,
        "finding": json.dumps(finding.to_dict()),
    }


def _run_row(run: Run) -> dict[str, Any]:
    return {
        "month": run.month,
        "ran_at": run.ran_at,
        "series": run.series,
        "tests": run.tests,
        "findings": run.findings,
        "alerts": run.alerts,
        "settings": json.dumps(run.settings, sort_keys=True),
    }


def _run(row: Mapping[str, Any]) -> Run:
    return Run(
        month=row["month"],
        ran_at=row["ran_at"],
        series=row["series"],
        tests=row["tests"],
        findings=row["findings"],
        alerts=row["alerts"],
        settings=json.loads(row["settings"] or "{}"),
    )
