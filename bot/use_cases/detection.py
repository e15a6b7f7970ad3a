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

import pandas as pd
from sqlite_utils import Database

from bot.use_cases.findings import findings_before, save_run
from detectors import DEFAULT_SETTINGS, SeriesInput, Settings
from detectors.data_quality import Revision
from detectors.events import EarlierEvent, Event, Place
from detectors.finding import Finding
from detectors.monthly import Context, ForceData, MonthRun
from detectors.monthly import run_month as run_policy
from months import month_range
from storage import findings as findings_store
from storage.areas import Area
from storage.catalogue import Indicator, classification_breaks, indicators
from storage.findings import EventRow
from storage.provisional import provisional_figures
from storage.revisions import street_revisions
from storage.series import (
    AllSeries,
    available_series,
    located_series,
    series,
    series_with_denominator,
)
from storage.subscriptions import Subscription, list_subscriptions

Clock = Callable[[], datetime]
# Area kinds outside the force's hierarchy (Home Office regions, groups) stand alone.
LEVEL_OF_KIND = {"force": "force", "division": "division", "district": "district"}


@dataclass(frozen=True)
class RunResult:
    month: str
    findings: list[Finding]
    events: list[Event]
    # The alert that carries each finding (by finding id); None: kept, but sent to nobody (a
    # district's event nobody subscribes to, an event carrying on silently).
    alert_of: dict[str, str | None]
    series: int  # series with a testable month
    tests: int  # tests under the run's false-alarm control
    dry_run: bool

    @property
    def alerts(self) -> list[Event]:
        """The new events told as alerts (data notices included)."""
        return [e for e in self.events if e.status == "new" and self.alert_of.get(e.lead.id)]

    @property
    def follow_ups(self) -> list[Event]:
        return [e for e in self.events if e.status != "new" and self.alert_of.get(e.lead.id)]


@dataclass(frozen=True)
class Inputs:
    """Everything a run reads from storage besides earlier runs: loaded once for a backfill."""

    series: list[SeriesInput]
    context: Context
    subscriptions: list[Subscription]


def load_inputs(db: Database) -> Inputs:
    """Every (indicator, area) series with data, as the detectors take it, and the run's
    context (areas, totals' components, each force's counts for the data checks). Read in one
    pass over each table (storage.series.AllSeries), not a query per series: a national run
    has tens of thousands of series."""
    catalogue = indicators(db)
    everything = AllSeries(db)
    areas = everything.areas
    provisional = provisional_months(db)
    found = []
    for slug, area in available_series(db):
        indicator = catalogue.get(slug)
        if indicator is None or area not in areas:
            continue  # a long-format indicator the catalogue no longer lists
        one = series_input(everything, indicator, areas[area], provisional=provisional)
        if one is not None:
            found.append(one)
    return Inputs(found, _context(everything, found), list_subscriptions(db))


def provisional_months(db: Database) -> dict[tuple[str, str], tuple[str, ...]]:
    """The months of each (indicator, area) whose figure its source calls provisional."""
    months: dict[tuple[str, str], tuple[str, ...]] = {}
    for figure in provisional_figures(db):
        key = (figure.indicator, figure.area)
        months[key] = (*months.get(key, ()), figure.month)
    return months


def counts_unlocated_share(indicator: Indicator, area: Area) -> bool:
    """Whether the area's series of the indicator, as detection takes it, counts its share of
    the force's crimes with no location: a division's or district's street-level figures."""
    return indicator.source != "long" and area.kind in ("division", "district")


def series_input(
    source: Database | AllSeries,
    indicator: Indicator,
    area: Area,
    *,
    share_unlocated: bool = True,
    provisional: dict[tuple[str, str], tuple[str, ...]] | None = None,
) -> SeriesInput | None:
    """One series as the detectors take it (with its breaks, denominators, worse direction and
    level); None when it has no data. A division's or district's street-level series counts
    its share of the crimes with no location, unless ``share_unlocated`` is False. ``source``
    is the database (a query for this series) or everything already read from it;
    ``provisional``: ``provisional_months`` of it, when already read."""
    db = source.db if isinstance(source, AllSeries) else source
    shared_out = share_unlocated and counts_unlocated_share(indicator, area)
    denominators = None
    if isinstance(source, AllSeries):
        values = (source.located if shared_out else source.series)(indicator, area)
        if indicator.unit == "proportion":
            denominators = source.with_denominator(indicator, area)["denominator"]
    else:
        values = (located_series if shared_out else series)(source, indicator.slug, area.slug)
        if indicator.unit == "proportion":
            denominators = series_with_denominator(source, indicator.slug, area.slug)["denominator"]
    if values.notna().sum() == 0:
        return None
    breaks = tuple(b.month for b in classification_breaks(db) if b.indicator == indicator.slug)
    return SeriesInput(
        indicator.slug,
        area.slug,
        values,
        # A headcount's noise is its own month-to-month moves, not Poisson's.
        unit="level" if indicator.measure == "stock" else indicator.unit,
        breaks=breaks,
        denominators=denominators,
        worse=indicator.bad_direction,
        level=LEVEL_OF_KIND.get(area.kind, "other"),
        provisional=(provisional if provisional is not None else provisional_months(db)).get(
            (indicator.slug, area.slug), ()
        ),
    )


def _context(everything: AllSeries, inputs: list[SeriesInput]) -> Context:
    areas = everything.areas
    catalogue = indicators(everything.db)
    street = frozenset(s for s, i in catalogue.items() if i.source != "long")
    categories = [s for s, i in catalogue.items() if i.source == "police-uk"]
    by_key = {(s.indicator, s.area): s.values for s in inputs}
    forces: dict[str, ForceData] = {}
    for area in areas.values():
        present = [c for c in categories if (c, area.slug) in by_key]
        if area.kind != "force" or not present:
            continue
        counts = pd.DataFrame({c: by_key[(c, area.slug)] for c in present})
        crimes = by_key.get(("all-crime", area.slug))
        share = None
        if crimes is not None:
            share = (everything.unlocated(area.slug) / crimes).rename("unlocated share")
        revisions = tuple(
            Revision(r.month, r.previous_rows, r.rows, r.digest)
            for r in street_revisions(everything.db, force=area.slug)
        )
        forces[area.slug] = ForceData(counts, share, revisions)
    return Context(
        places={
            a.slug: Place(a.slug, LEVEL_OF_KIND.get(a.kind, "other"), a.parent)
            for a in areas.values()
        },
        components={s: i.components for s, i in catalogue.items() if i.components},
        street_indicators=street,
        forces=forces,
    )


def detect(
    inputs: Inputs,
    month: str,
    previous: Sequence[Finding],
    earlier: dict[str, EarlierEvent],
    *,
    settings: Settings = DEFAULT_SETTINGS,
    dry_run: bool = True,
) -> tuple[RunResult, MonthRun]:
    """The run for ``month``, given the findings of earlier runs and their events (pure)."""
    run = run_policy(
        inputs.series, month, inputs.context, previous=previous, earlier=earlier, settings=settings
    )
    alert_of = _carried(run.grouping.events, run.findings, inputs)
    result = RunResult(
        month,
        list(run.findings),
        list(run.grouping.events),
        alert_of,
        run.series,
        run.tests,
        dry_run,
    )
    return result, run


def _carried(
    events: Sequence[Event], findings: Sequence[Finding], inputs: Inputs
) -> dict[str, str | None]:
    """Which alert carries each finding: a new event's alert carries all of it; a later month's
    follow-up its lead and the areas that joined it; a district's event is told only where a
    channel subscribes to that district."""
    carried: dict[str, str | None] = {f.id: None for f in findings}
    subscribed = {s.area for s in inputs.subscriptions if s.area}
    for event in events:
        if not (event.top_level or event.lead.area in subscribed):
            continue
        told = (
            event.findings
            if event.status == "new"
            else (
                event.lead,
                *(m for m in event.members if m.status == "new"),
            )
        )
        for finding in told:
            carried[finding.id] = event.id
    return carried


def earlier_events(db: Database, month: str) -> dict[str, EarlierEvent]:
    """The event of every episode told before ``month``, by episode id."""
    wide = {e.id for e in findings_store.events(db, before=month) if e.force_wide}
    return {
        row.episode: EarlierEvent(row.event, row.event in wide)
        for row in findings_store.findings_before(db, month)
        if row.event
    }


def run_month(
    db: Database,
    inputs: Inputs,
    month: str,
    *,
    dry_run: bool,
    settings: Settings = DEFAULT_SETTINGS,
    clock: Clock | None = None,
) -> RunResult:
    """Detect as of ``month`` and, unless ``dry_run``, store the findings, their events and
    the run."""
    result, run = detect(
        inputs,
        month,
        findings_before(db, month),
        earlier_events(db, month),
        settings=settings,
        dry_run=dry_run,
    )
    if not dry_run:
        now = (clock or _utc_now)()
        event_of = run.grouping.event_of
        new_events = [
            EventRow(
                e.id,
                month,
                e.lead.indicator,
                e.lead.area,
                e.lead.direction,
                force_wide=e.force_wide,
                top_level=e.top_level,
            )
            for e in result.events
            if e.status == "new"
        ]
        save_run(
            db,
            month,
            result.findings,
            ran_at=now.isoformat(),
            series=result.series,
            tests=result.tests,
            settings=dataclasses.asdict(settings),
            events=new_events,
            event_of=event_of,
            alert_of=result.alert_of,
        )
    return result


def run_detection(
    db: Database, month: str, *, dry_run: bool, settings: Settings = DEFAULT_SETTINGS
) -> RunResult:
    """The run for ``month`` (stored unless ``dry_run``)."""
    return run_month(db, load_inputs(db), month, dry_run=dry_run, settings=settings)


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
