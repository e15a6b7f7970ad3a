"""A month's detection run through storage: load every series, detect as of the month, keep
the findings and the run.

The detectors see only months up to the run's month (no look-ahead) and build on the findings
of earlier runs (open episodes, accepted step changes, months already reported). Runs are
idempotent: a month re-run replaces its findings. Back-filling goes forward month by month, so
each run sees the ones before it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database

from bot.use_cases.findings import findings_before, save_run
from detectors import (
    DEFAULT_SETTINGS,
    RULES,
    SeriesInput,
    Settings,
    assess_all,
    decide,
    month_range,
)
from detectors.episodes import open_episodes
from detectors.finding import Finding
from storage.catalogue import Indicator, classification_breaks, indicators
from storage.series import available_series, series, series_with_denominator

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class RunResult:
    month: str
    findings: list[Finding]
    series: int  # series with a testable month
    tests: int  # tests under the run's false-alarm control
    dry_run: bool

    @property
    def alerts(self) -> list[Finding]:
        return [f for f in self.findings if f.status == "new"]


def load_inputs(db: Database) -> list[SeriesInput]:
    """Every (indicator, area) series with data, as the detectors take it."""
    catalogue = indicators()
    inputs = []
    for slug, area in available_series(db):
        indicator = catalogue.get(slug)
        if indicator is None:
            continue  # a long-format indicator the catalogue no longer lists
        found = series_input(db, indicator, area)
        if found is not None:
            inputs.append(found)
    return inputs


def series_input(db: Database, indicator: Indicator, area: str) -> SeriesInput | None:
    """One series as the detectors take it (with its breaks, denominators and worse
    direction); None when it has no data."""
    values = series(db, indicator.slug, area)
    if values.notna().sum() == 0:
        return None
    denominators = None
    if indicator.unit == "proportion":
        denominators = series_with_denominator(db, indicator.slug, area)["denominator"]
    breaks = tuple(b.month for b in classification_breaks() if b.indicator == indicator.slug)
    return SeriesInput(
        indicator.slug,
        area,
        values,
        unit=indicator.unit,
        breaks=breaks,
        denominators=denominators,
        worse=indicator.bad_direction,
    )


def detect(
    inputs: Sequence[SeriesInput],
    month: str,
    previous: Sequence[Finding],
    *,
    settings: Settings = DEFAULT_SETTINGS,
    dry_run: bool = True,
) -> RunResult:
    """The run for ``month`` over ``inputs``, given the findings of earlier runs (pure)."""
    assessments = assess_all(inputs, month, previous=previous, settings=settings)
    findings = decide(assessments, open_episodes(previous, before=month), settings=settings)
    tests = len(assessments) * len(RULES)
    return RunResult(month, findings, len(assessments), tests, dry_run)


def run_month(
    db: Database,
    inputs: Sequence[SeriesInput],
    month: str,
    *,
    dry_run: bool,
    settings: Settings = DEFAULT_SETTINGS,
    clock: Clock | None = None,
) -> RunResult:
    """Detect as of ``month`` and, unless ``dry_run``, store the findings and the run."""
    result = detect(inputs, month, findings_before(db, month), settings=settings, dry_run=dry_run)
    if not dry_run:
        now = (clock or _utc_now)()
        save_run(
            db,
            month,
            result.findings,
            ran_at=now.isoformat(),
            series=result.series,
            tests=result.tests,
            settings=dataclasses.asdict(settings),
        )
    return result


def run_detection(
    db: Database, month: str, *, dry_run: bool, settings: Settings = DEFAULT_SETTINGS
) -> list[Finding]:
    """The findings of the run for ``month`` (stored unless ``dry_run``)."""
    return run_month(db, load_inputs(db), month, dry_run=dry_run, settings=settings).findings


def backfill(
    db: Database,
    first: str,
    last: str,
    *,
    settings: Settings = DEFAULT_SETTINGS,
    clock: Clock | None = None,
    progress: Callable[[RunResult], None] | None = None,
) -> list[RunResult]:
    """Run and store every month from ``first`` to ``last``, oldest first."""
    inputs = load_inputs(db)  # loaded once: each run truncates at its own month
    results = []
    for month in month_range(first, last):
        result = run_month(db, inputs, month, dry_run=False, settings=settings, clock=clock)
        results.append(result)
        if progress is not None:
            progress(result)
    return results


def _utc_now() -> datetime:
    return datetime.now(UTC)
