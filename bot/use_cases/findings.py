"""The stored findings as the queries show them (``alerts``, ``explain``, ``show``): with the
display names of their indicator and area."""

from __future__ import annotations

from sqlite_utils import Database

from messages.inputs import NamedFinding
from storage import findings as findings_store
from storage.areas import area_name, area_names
from storage.catalogue import indicators


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
        for f in findings_store.findings(db, first=month, last=month, indicator=indicator)
        if f.status != "ended" and (within is None or f.area in within)
    ]
    return [NamedFinding(f, indicators()[f.indicator], names.get(f.area, f.area)) for f in found]


def named(db: Database, finding_id: str) -> NamedFinding | None:
    finding = findings_store.get_finding(db, finding_id)
    if finding is None:
        return None
    return NamedFinding(finding, indicators()[finding.indicator], area_name(db, finding.area))
