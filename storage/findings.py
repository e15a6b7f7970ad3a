"""Findings and detection runs, as plain rows.

A run is keyed by its month (``as_of``): re-running a month replaces that run's findings in one
transaction, never duplicates them. A finding's id (``episode:as_of``) is stable across
re-runs, so the outbox can key deliveries on it. Storage keeps the finding whole as the caller
encoded it (``body``, JSON) with the number of that encoding's format, and never reads it: what
a finding is, and how an older format reads, is the caller's (``detectors.finding.FINDINGS``).
The columns beside the body are there to query by.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

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


@migrations()
def m002_finding_format(db: Database) -> None:
    # Every body written before formats were numbered is in format 1.
    db.table("findings").add_column("format", int, not_null_default=1)


@migrations()
def m003_events(db: Database) -> None:
    # Each finding's event (the alert that tells it) and whether a message carries it.
    db.table("findings").add_column("event", str)
    db.table("findings").add_column("alert", str)
    db.table("findings").create_index(["event"])
    db.table("events").create(
        {
            "id": str,
            "as_of": str,  # the run that first told it
            "indicator": str,
            "area": str,
            "direction": str,
            "force_wide": int,
            "top_level": int,
        },
        pk="id",
        not_null={"id", "as_of", "indicator", "area", "direction"},
    )


@dataclass(frozen=True)
class EventRow:
    """An event as first told: its id is the id of its alert (its lead finding's)."""

    id: str
    as_of: str
    indicator: str
    area: str
    direction: str
    force_wide: bool = False
    top_level: bool = True


@dataclass(frozen=True)
class FindingRow:
    """One stored finding: the columns it is found by, and the whole of it as encoded."""

    id: str
    as_of: str  # YYYY-MM of the run it belongs to
    indicator: str
    area: str
    month: str
    kind: str
    direction: str
    status: str  # "new" opens an episode (an alert)
    value: float
    expected: float
    episode: str
    p_value: float | None
    body: dict[str, Any]  # JSON-ready
    format: int  # of ``body``, as the caller numbers its formats
    event: str | None = None  # the event it belongs to (its alert's id)
    alert: str | None = None  # the alert that carries it; None: kept, sent to nobody


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
    findings: Sequence[FindingRow],
    *,
    ran_at: str,
    series: int,
    tests: int,
    settings: Mapping[str, Any] | None = None,
    events: Sequence[EventRow] = (),
) -> Run:
    """Store the run for ``month`` and its findings, replacing any earlier run of that month,
    with the events it first told."""
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
        db.execute("DELETE FROM events WHERE as_of = ?", [month])
        db.table("detection_runs").upsert(_run_row(run), pk="month")
        db.table("findings").insert_all((_finding_row(f) for f in findings), pk="id")
        db.table("events").insert_all((asdict(e) for e in events), pk="id")
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
) -> list[FindingRow]:
    """Findings of the runs for ``first`` .. ``last`` (run months, inclusive), oldest run first."""
    where, params = _where(first=first, last=last, indicator=indicator, area=area)
    return _load(db, where, params)


def findings_before(db: Database, month: str) -> list[FindingRow]:
    """Findings of every run before ``month``: what the run for ``month`` builds on (open
    episodes, accepted step changes, months already reported exceptional)."""
    return _load(db, "as_of < ?", [month])


def events(db: Database, *, before: str | None = None) -> list[EventRow]:
    """Events first told in runs before ``before`` (all when None), oldest first."""
    where, params = ("as_of < ?", [before]) if before else ("1 = 1", [])
    return [
        EventRow(
            **{**row, "force_wide": bool(row["force_wide"]), "top_level": bool(row["top_level"])}
        )
        for row in db.table("events").rows_where(where, params, order_by="as_of, id")
    ]


def get_finding(db: Database, finding_id: str) -> FindingRow | None:
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


def _load(db: Database, where: str, params: Iterable[str]) -> list[FindingRow]:
    rows = db.table("findings").rows_where(
        where, list(params), order_by="as_of, indicator, area, direction"
    )
    return [_finding(row) for row in rows]


def _finding_row(finding: FindingRow) -> dict[str, Any]:
    row = asdict(finding)
    row["finding"] = json.dumps(row.pop("body"))
    return row


def _finding(row: Mapping[str, Any]) -> FindingRow:
    row = dict(row)
    row["body"] = json.loads(row.pop("finding"))
    return FindingRow(**row)


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
