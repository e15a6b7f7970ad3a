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
from detectors.contributions import Contributions
from detectors.finding import Finding
from detectors.statements import SmallNumbers, Statement, StatementInput, statements
from messages.chart import ChartData
from messages.digest import digest_messages
from messages.finding_chart import chart_data, monthly_window
from messages.inputs import AreaFigure, Driver, IndicatorFigures, NamedFinding, Told, Unlocated
from messages.model import SlackMessage
from messages.report_html import definition, report_html
from messages.statements import Names, sentence
from storage import findings as findings_store
from storage.areas import Area, list_areas
from storage.catalogue import THEMES, Indicator, crime_categories, indicators
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
    """Figures and what was posted for ``month``: each indicator with two years of data to it,
    the force then its divisions, in catalogue order, with the force's national comparison
    where national figures are loaded. Sensitive indicators are included: the renderers leave
    them out where they are not allowed."""
    areas = _areas(db, force_slug)
    force = areas[0]
    all_findings = month_findings(db, month)  # before the inputs: no stored run, said at once
    inputs = _inputs(db, areas)
    series = {(i.slug, a.slug): series_input for i, a, series_input in inputs}
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
    names = Names(catalogue, {a.slug: a.name for a in areas}, crime_categories())
    said = {
        slug: _statements(catalogue[slug], force, areas[1:], series, month)
        for slug in figures
        if slug in charts
    }
    # Only indicators the force itself has figures for (its chart is drawn with them).
    shown = [
        IndicatorFigures(
            catalogue[slug],
            tuple(by_area),
            charts[slug],
            national=_national(db, catalogue[slug], force, month),
            drivers=_drivers(said[slug], names),
            # The In Year line gives the small-numbers caveat already, in Slack and the report.
            statements=tuple(
                sentence(statement, names)
                for statement in said[slug]
                if not isinstance(statement, SmallNumbers)
            ),
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
    return DigestData(
        month,
        force.name,
        shown,
        told(db, month, force=force.slug),
        _unlocated(db, force.slug, month),
        force=force.slug,
    )


def _source(indicator: Indicator) -> str:
    return LONG_FORMAT if indicator.source == "long" else STREET_LEVEL


def _national(db: Database, indicator: Indicator, force: Area, month: str) -> Comparison | None:
    """The force beside its region, groups and England & Wales; None where the Home Office
    table has no figures for this indicator, force or month (quarter ends only)."""
    try:
        return compare_area(db, indicator, force, month).comparison
    except CompareProblem:
        return None


def _statements(
    indicator: Indicator,
    force: Area,
    divisions: list[Area],
    series: dict[tuple[str, str], SeriesInput],
    month: str,
) -> tuple[Statement, ...]:
    """What the report says of the force's figures: what made the change (its categories,
    its divisions) and the favourable results, the trend, "remained high", seasonality, the
    financial year's projection and the small-numbers caveat. Counts only: a headcount or a
    proportion has none of these."""
    own = series[(indicator.slug, force.slug)]
    if indicator.unit != "count" or indicator.measure == "stock":
        return ()
    item = StatementInput(
        indicator.slug,
        force.slug,
        own.values,
        bad_direction=indicator.bad_direction,
        components={
            c: series[(c, force.slug)].values
            for c in indicator.components
            if (c, force.slug) in series
        },
        children={
            d.slug: series[(indicator.slug, d.slug)].values
            for d in divisions
            if (indicator.slug, d.slug) in series
        },
        breaks=own.breaks,
    )
    return statements(item, as_of=month)


def _drivers(said: tuple[Statement, ...], names: Names) -> tuple[Driver, ...]:
    """For a total, the categories that made most of its In Year change (the contributions
    statement's), for the digest's summary."""
    return tuple(
        Driver(names.indicator(part.key), part.change, part.share)
        for statement in said
        if isinstance(statement, Contributions)
        for part in statement.categories
    )


def told(db: Database, month: str, *, force: str | None = None) -> Told:
    """What the stored run for ``month`` posted about ``force`` (every force when None): each
    alert that carries its findings, by its lead (the alert's own finding; for a follow-up, the
    month of the alert's episode)."""
    areas = list_areas(db)
    inside = _inside(force, areas) if force is not None else None
    by_alert: dict[str, list[FindingRow]] = {}
    for row in findings_store.findings(db, first=month, last=month):
        if row.alert is not None and (inside is None or row.area in inside):
            by_alert.setdefault(row.alert, []).append(row)
    catalogue, names = indicators(db), {a.slug: a.name for a in areas}
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


def _inside(force: str, areas: list[Area]) -> set[str]:
    """The force and every area below it (divisions, their districts)."""
    parents = {a.slug: a.parent for a in areas}
    inside = {force}
    grown = True
    while grown:
        below = {slug for slug, parent in parents.items() if parent in inside}
        grown = not below <= inside
        inside |= below
    return inside


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
