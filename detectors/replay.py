"""Month-by-month detection over a span, in memory: what ``scrutiny backfill`` does through
storage, for tests and the benchmark."""

from __future__ import annotations

from collections.abc import Sequence

from detectors.assess import SeriesInput
from detectors.detect import detect_month
from detectors.finding import Finding
from detectors.settings import DEFAULT_SETTINGS, Settings
from months import month_range


def replay(
    inputs: Sequence[SeriesInput], first: str, last: str, *, settings: Settings = DEFAULT_SETTINGS
) -> list[Finding]:
    """Every finding of the runs for ``first`` .. ``last``, each run seeing only earlier runs."""
    findings: list[Finding] = []
    for month in month_range(first, last):
        findings += detect_month(inputs, month, previous=findings, settings=settings)
    return findings
