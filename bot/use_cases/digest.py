"""The figures and findings behind the monthly digest and the performance report, gathered
from storage and detectors for one force and one month; messages/ renders them. Used by the
``digest`` command, the ``/scrutiny digest`` query and the monthly job's delivery plan."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlite_utils import Database

from bot.use_cases import detection
from bot.use_cases.compare import CompareProblem, compare_area
from bot.use_cases.figures import year_on_year_of
from bot.use_cases.findings import from_row, stored_findings
from detectors import SeriesInput, accepted_steps, assess
from detectors.comparison import Comparison
from detectors.events import Figure, shares
from detectors.finding import Finding, YearOnYear
from messages.chart import ChartData
from messages.digest import digest_messages
from messages.finding_chart import chart_data, monthly_window
from messages.inputs import AreaFigure, Driver, IndicatorFigures, NamedFinding, Told, Unlocated
from messages.model import SlackMessage
from messages.report_html import definition, report_html
from storage import findings as findings_store
from storage.areas import Area, area_names, list_areas
from storage.catalogue import THEMES, Indicator, indicators
from storage.figure_sources import LONG_FORMAT, STREET_LEVEL
from storage.findings import FindingRow
from storage.series import unlocated_series


@dataclass(frozen=True)
class DigestData:
    """Everything the digest and the report show for one force and one month."""

    month: str
    force_name: str
    figures: list[IndicatorFigures]
    told: Told  # what the month's run posted: its alerts, follow-ups and data notices
    unlocated: Unlocated | None = None  # crimes with no location, counted by the force only


class NoFigures(LookupError):
    """Nothing to report: no force loaded, or no indicator with two years of data to the month."""


def _areas(db: Database, force_slug: str | None) -> list[Area]:
    """The force, then its divisions."""
    areas = list_areas(db)
    forces = [a for a in areas if a.kind == "force" and force_slug in (None, a.slug)]
    if not forces:
        raise NoFigures(
            f"no force {force_slug!r} is loaded"
            if force_slug
            else "no areas are loaded yet: run `scrutiny ingest` first"
        )
    if len(forces) > 1:
        raise NoFigures(
            "several forces are loaded; choose one with --force: "
            + ", ".join(f.slug for f in forces)
        )
    force = forces[0]
    return [force, *[a for a in areas if a.kind == "division" and a.parent == force.slug]]


def _inputs(db: Database, areas: list[Area]) -> list[tuple[Indicator, Area, SeriesInput]]:
    found = []
    for indicator in indicators().values():
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
    """Figures and what was posted for ``month``: each indicator with two years of data to it,
    the force then its divisions, in catalogue order, with the force's national comparison
    where national figures are loaded. Sensitive indicators are included: the renderers leave
    them out where they are not allowed."""
    areas = _areas(db, force_slug)
    force = areas[0]
    inputs = _inputs(db, areas)
    all_findings = month_findings(db, month)
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
    catalogue = indicators()
    at_force = {slug: by_area[0].year_on_year for slug, by_area in figures.items()}
    # Only indicators the force itself has figures for (its chart is drawn with them).
    shown = [
        IndicatorFigures(
            catalogue[slug],
            tuple(by_area),
            charts[slug],
            national=_national(db, catalogue[slug], force, month),
            drivers=_drivers(catalogue[slug], at_force),
            definition=definition(
                catalogue[slug].noun,
                _source(catalogue[slug]),
                [catalogue[c].name for c in catalogue[slug].components],
            ),
        )
        for slug, by_area in figures.items()
        if slug in charts
    ]
    if not shown:
        raise NoFigures(f"no indicator has two years of data to {month} for {force.name}")
    return DigestData(month, force.name, shown, told(db, month), _unlocated(db, force.slug, month))


def _source(indicator: Indicator) -> str:
    return LONG_FORMAT if indicator.source == "long" else STREET_LEVEL


def _national(db: Database, indicator: Indicator, force: Area, month: str) -> Comparison | None:
    """The force beside its region, groups and England & Wales; None where the Home Office
    table has no figures for this indicator, force or month (quarter ends only)."""
    try:
        return compare_area(db, indicator, force, month).comparison
    except CompareProblem:
        return None


def _drivers(indicator: Indicator, at_force: dict[str, YearOnYear]) -> tuple[Driver, ...]:
    """For a total, the categories that made most of its In Year change."""
    total = at_force.get(indicator.slug)
    if not indicator.components or total is None or total.change == 0:
        return ()
    parts = {
        slug: Figure(at_force[slug].current, at_force[slug].previous)
        for slug in indicator.components
        if slug in at_force
    }
    catalogue = indicators()
    return tuple(
        Driver(catalogue[part.key].name, part.change, part.share)
        for part in shares("up" if total.change > 0 else "down", parts)
    )


def told(db: Database, month: str) -> Told:
    """What the stored run for ``month`` posted: each alert that carries its findings, by its
    lead (the alert's own finding; for a follow-up, the month of the alert's episode)."""
    by_alert: dict[str, list[FindingRow]] = {}
    for row in findings_store.findings(db, first=month, last=month):
        if row.alert is not None:
            by_alert.setdefault(row.alert, []).append(row)
    catalogue, names = indicators(), area_names(db)
    order = {slug: n for n, slug in enumerate(catalogue)}
    leads = sorted(
        (_lead(alert, group) for alert, group in by_alert.items()),
        key=lambda row: (order.get(row.indicator, len(order)), row.area),
    )
    named = [
        NamedFinding(from_row(row), catalogue[row.indicator], names.get(row.area, row.area))
        for row in leads
    ]
    return Told(
        alerts=tuple(n for n in named if n.finding.kind != "data-quality" and _is_new(n)),
        follow_ups=tuple(n for n in named if n.finding.kind != "data-quality" and not _is_new(n)),
        notices=tuple(n for n in named if n.finding.kind == "data-quality"),
    )


def _is_new(item: NamedFinding) -> bool:
    return item.finding.status == "new"


def _lead(alert: str, group: list[FindingRow]) -> FindingRow:
    """The finding an alert's message leads with this month: the alert's own, or the later
    month of its episode (an event's id is its first finding's, ``episode:month``)."""
    return next(
        (row for row in group if row.id == alert),
        next((row for row in group if alert.startswith(f"{row.episode}:")), group[0]),
    )


def slack_digest(data: DigestData, *, allow_sensitive: bool) -> list[SlackMessage]:
    """The digest's messages for a channel: the summary first, the rest in its thread."""
    return digest_messages(
        data.month,
        data.force_name,
        data.figures,
        data.told,
        allow_sensitive=allow_sensitive,
        unlocated=data.unlocated,
    )


def html_report(data: DigestData, *, include_sensitive: bool) -> str:
    """The performance report as one HTML file."""
    return report_html(
        data.month,
        data.force_name,
        data.figures,
        data.told,
        include_sensitive=include_sensitive,
        unlocated=data.unlocated,
        themes=THEMES,
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
