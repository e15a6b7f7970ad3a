"""The figures and findings behind the monthly digest and the performance report, gathered
from storage and detectors for one force and one month; messages/ renders them. Used by the
``digest`` command, the ``/scrutiny digest`` query and the monthly job's delivery plan."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlite_utils import Database

from bot.use_cases import detection
from bot.use_cases.figures import year_on_year_of
from bot.use_cases.findings import stored_findings
from detectors import SeriesInput, accepted_steps, assess
from detectors.finding import Finding
from messages.chart import ChartData
from messages.finding_chart import chart_data, monthly_window
from messages.inputs import AreaFigure, IndicatorFigures, NamedFinding, Unlocated
from storage import findings as findings_store
from storage.areas import Area, list_areas
from storage.catalogue import Indicator, indicators
from storage.series import unlocated_series


@dataclass(frozen=True)
class DigestData:
    """Everything the digest and the report show for one force and one month."""

    month: str
    force_name: str
    figures: list[IndicatorFigures]
    findings: list[NamedFinding]
    unlocated: Unlocated | None = None  # crimes with no location, counted by the force only
    force: str = ""  # the force's slug


class NoFigures(LookupError):
    """Nothing to report: no force loaded, or no indicator with two years of data to the month."""


def loaded_forces(db: Database) -> list[Area]:
    """Every force loaded, each with its own digest; NoFigures when there is none."""
    forces = [a for a in list_areas(db) if a.kind == "force"]
    if not forces:
        raise NoFigures("no areas are loaded yet: run `scrutiny ingest` first")
    return forces


def _areas(db: Database, force_slug: str | None) -> list[Area]:
    """The force, then its divisions."""
    areas = list_areas(db)
    forces = [a for a in loaded_forces(db) if force_slug in (None, a.slug)]
    if not forces:
        raise NoFigures(f"no force {force_slug!r} is loaded")
    if len(forces) > 1:
        raise NoFigures(
            "several forces are loaded; choose one with --force: "
            + ", ".join(f.slug for f in forces)
        )
    force = forces[0]
    return [force, *[a for a in areas if a.kind == "division" and a.parent == force.slug]]


def _inputs(db: Database, areas: list[Area]) -> list[tuple[Indicator, Area, SeriesInput]]:
    found = []
    for indicator in indicators(db).values():
        for area in areas:
            # The digest's division figures are the plain counts, with its own note on the
            # crimes with no location.
            series_input = detection.series_input(db, indicator, area, share_unlocated=False)
            if series_input is not None:
                found.append((indicator, area, series_input))
    return found


def month_findings(db: Database, month: str) -> list[Finding]:
    """Every stored finding of every run to ``month`` (the digest shows the month's; the
    force's chart traces their episodes back and tests the month with the step changes
    accepted before it): what was alerted, with the settings it ran with. NoFigures when the
    run for ``month`` is not stored: the digest says so at once rather than re-run history."""
    if findings_store.get_run(db, month) is None:
        raise NoFigures(
            f"detection has not run for {month}: run `scrutiny run --month {month}` "
            "(or `scrutiny backfill`) first"
        )
    return stored_findings(db, last=month)


def _force_chart(series_input: SeriesInput, month: str, findings: list[Finding]) -> ChartData:
    """The force's chart: with its finding this month if it has one, else with the limits the
    detectors would test the month against (a chart with its average, as the report shows)."""
    current = [f for f in findings if f.as_of == month and f.status != "ended"]
    if current:
        earlier = [f.month for f in findings if f.episode == current[0].episode]
        return chart_data(current[0], series_input.values, flagged=earlier)
    key = (series_input.indicator, series_input.area)
    assessed = assess(
        series_input, month, steps=accepted_steps(findings, before=month).get(key, ())
    )
    if assessed is None:  # the month is missing, or too little history to set limits
        return ChartData(monthly_window(series_input.values, month))
    return ChartData(
        monthly_window(series_input.values, month, first=assessed.baseline_start),
        limits=assessed.limits,
        limits_from=month if assessed.seasonal else assessed.baseline_start,
        seasonal=assessed.seasonal,
    )


def gather(db: Database, month: str, *, force_slug: str | None = None) -> DigestData:
    """Figures and findings for ``month``: each indicator with two years of data to it, the
    force then its divisions, in catalogue order. Sensitive indicators are included: the
    renderers leave them out where they are not allowed."""
    areas = _areas(db, force_slug)
    all_findings = month_findings(db, month)  # before the inputs: no stored run, said at once
    names = {a.slug: a.name for a in areas}
    inputs = _inputs(db, areas)
    figures: dict[str, list[AreaFigure]] = {}
    charts: dict[str, ChartData] = {}
    for indicator, area, series_input in inputs:
        yoy = year_on_year_of(db, indicator, area.slug, series_input.values, month)
        if yoy is None or (area.kind == "force" and yoy.current == yoy.previous == 0):
            continue  # fewer than two comparable years to this month, or nothing ever recorded
        figures.setdefault(indicator.slug, []).append(AreaFigure(area.name, yoy))
        if area.kind == "force":
            mine = [
                f for f in all_findings if f.indicator == indicator.slug and f.area == area.slug
            ]
            charts[indicator.slug] = _force_chart(series_input, month, mine)
    catalogue = indicators(db)
    # Only indicators the force itself has figures for (its chart is drawn with them).
    shown = [
        IndicatorFigures(catalogue[slug], tuple(by_area), charts[slug])
        for slug, by_area in figures.items()
        if slug in charts
    ]
    if not shown:
        raise NoFigures(f"no indicator has two years of data to {month} for {areas[0].name}")
    # Catalogue order, the force before its divisions, whether the findings were stored
    # (sorted by indicator slug) or replayed (already in this order).
    by_indicator = {slug: n for n, slug in enumerate(catalogue)}
    by_area = {slug: n for n, slug in enumerate(names)}
    mine = [f for f in all_findings if f.as_of == month and f.area in names]
    found = [
        NamedFinding(f, catalogue[f.indicator], names[f.area])
        for f in sorted(mine, key=lambda f: (by_indicator[f.indicator], by_area[f.area]))
    ]
    return DigestData(
        month,
        areas[0].name,
        shown,
        found,
        _unlocated(db, areas[0].slug, month),
        force=areas[0].slug,
    )


def _unlocated(db: Database, force: str, month: str) -> Unlocated | None:
    """Crimes with no location in the two periods; None when there are no street data."""
    counts = unlocated_series(db, force)
    if counts.empty:
        return None
    end = pd.Period(month, freq="M")
    current = counts[end - 11 : end].sum()
    previous = counts[end - 23 : end - 12].sum()
    return Unlocated(int(current), int(previous))
