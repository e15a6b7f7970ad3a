"""The stored findings: kept and read back through storage's plain rows, and as the queries show
them (``alerts``, ``explain``, ``show``) with the display names of their indicator and area.

Storage knows nothing of ``Finding``; here a finding becomes a row (its columns, and its body in
the detectors' kept format, ``FINDINGS``) and a row becomes a finding again, from whichever
format it was written in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlite_utils import Database

from detectors.finding import FINDINGS, Finding, FindingFormatError
from messages.inputs import NamedFinding
from storage import findings as findings_store
from storage.areas import area_name, area_names
from storage.catalogue import indicators
from storage.findings import EventRow, FindingRow, Run


def to_row(finding: Finding, *, event: str | None = None, alert: str | None = None) -> FindingRow:
    return FindingRow(
        id=finding.id,
        as_of=finding.as_of,
        indicator=finding.indicator,
        area=finding.area,
        month=finding.month,
        kind=finding.kind,
        direction=finding.direction,
        status=finding.status,
        value=finding.value,
        expected=finding.expected,
        episode=finding.episode,
        p_value=finding.evidence.p_value,
        body=FINDINGS.encode(finding),
        format=FINDINGS.version,
        event=event,
        alert=alert,
    )


def from_row(row: FindingRow) -> Finding:
    try:
        return FINDINGS.decode(row.body, row.format)
    except FindingFormatError as error:
        raise FindingFormatError(f"stored finding {row.id}: {error}") from None


def save_run(
    db: Database,
    month: str,
    findings: Sequence[Finding],
    *,
    ran_at: str,
    series: int,
    tests: int,
    settings: Mapping[str, Any] | None = None,
    events: Sequence[EventRow] = (),
    event_of: Mapping[str, str] | None = None,
    alert_of: Mapping[str, str | None] | None = None,
) -> Run:
    """Store the run for ``month`` and its findings (each with its event and the alert that
    carries it), replacing any earlier run of that month."""
    event_of, alert_of = event_of or {}, alert_of or {}
    return findings_store.save_run(
        db,
        month,
        [to_row(f, event=event_of.get(f.id), alert=alert_of.get(f.id)) for f in findings],
        ran_at=ran_at,
        series=series,
        tests=tests,
        settings=settings,
        events=events,
    )


def stored_findings(
    db: Database,
    *,
    first: str | None = None,
    last: str | None = None,
    indicator: str | None = None,
    area: str | None = None,
) -> list[Finding]:
    """Findings of the runs for ``first`` .. ``last`` (run months, inclusive), oldest run first."""
    rows = findings_store.findings(db, first=first, last=last, indicator=indicator, area=area)
    return [from_row(row) for row in rows]


def stored_alerts(
    db: Database, *, first: str | None = None, last: str | None = None
) -> dict[str, str | None]:
    """The alert that carries each stored finding (by finding id); None: kept, sent to nobody."""
    return {row.id: row.alert for row in findings_store.findings(db, first=first, last=last)}


def findings_before(db: Database, month: str) -> list[Finding]:
    """Findings of every run before ``month``: what the run for ``month`` builds on."""
    return [from_row(row) for row in findings_store.findings_before(db, month)]


def stored_finding(db: Database, finding_id: str) -> Finding | None:
    row = findings_store.get_finding(db, finding_id)
    return None if row is None else from_row(row)


def latest_run(db: Database) -> str | None:
    """The month of the latest detection run (None: detection has never run)."""
    runs = findings_store.runs(db)
    return runs[-1].month if runs else None


def open_findings(
    db: Database, month: str, *, indicator: str | None = None, within: set[str] | None = None
) -> list[NamedFinding]:
    """The findings of the run for ``month`` still open (not ended), in the areas ``within``
    if given."""
    names = area_names(db)
    found = [
        f
        for f in stored_findings(db, first=month, last=month, indicator=indicator)
        if f.status != "ended" and (within is None or f.area in within)
    ]
    return [NamedFinding(f, indicators(db)[f.indicator], names.get(f.area, f.area)) for f in found]


def named(db: Database, finding_id: str) -> NamedFinding | None:
    finding = stored_finding(db, finding_id)
    if finding is None:
        return None
    return NamedFinding(finding, indicators(db)[finding.indicator], area_name(db, finding.area))
