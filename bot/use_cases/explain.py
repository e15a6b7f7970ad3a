"""``explain``: a stored finding by its id, or the latest finding for an indicator and area,
with the figures its explanation shows (Slack's ``/scrutiny explain`` and ``scrutiny explain``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
from sqlite_utils import Database

from bot.use_cases.figures import year_on_year_of
from bot.use_cases.findings import latest_run, named, stored_findings
from detectors.finding import YearOnYear
from messages.inputs import NamedFinding
from storage.catalogue import indicators
from storage.series import series

# A finding's id, as ``alerts`` and ``scrutiny findings`` list it: its episode and its run.
FINDING_ID = re.compile(r"[A-Za-z0-9_.:\-]{1,200}:\d{4}-\d{2}")


def is_finding_id(text: str) -> bool:
    return FINDING_ID.fullmatch(text) is not None


def latest_finding(db: Database, indicator: str, area: str) -> NamedFinding | None:
    """The latest finding for ``indicator`` in ``area`` (slugs) in the runs up to the latest
    one: of the latest run that has any, its latest month, an open one before an ended one.
    None when no run found anything there (or detection has not run)."""
    last = latest_run(db)
    if last is None:
        return None
    found = stored_findings(db, last=last, indicator=indicator, area=area)
    if not found:
        return None
    latest = max(found, key=lambda f: (f.as_of, f.month, f.status != "ended"))
    return named(db, latest.id)


@dataclass(frozen=True)
class Explanation:
    """A finding with the figures its explanation shows."""

    found: NamedFinding
    series: pd.Series
    year_on_year: YearOnYear | None


def explanation(db: Database, found: NamedFinding) -> Explanation:
    finding = found.finding
    values = series(db, finding.indicator, finding.area)
    indicator = indicators(db)[finding.indicator]
    return Explanation(
        found, values, year_on_year_of(db, indicator, finding.area, values, finding.month)
    )
