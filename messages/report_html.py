"""The monthly performance report as one self-contained HTML file, in the structure of the 2017
report: the issue, the recommendation, the month's exceptional items, then each Police and
Crime Plan priority (sections 4 to 7) with, under each indicator, its In Year line, its
divisions, the national table where there are national figures, its statements and its chart;
Appendix A lists every indicator, what it counts and its figures. Charts are embedded as base64
PNG: it opens in any browser, mails as one file and prints on A4."""

from __future__ import annotations

import base64
import struct
from collections.abc import Sequence
from typing import Any

from detectors.comparison import Comparison, Row
from messages.comparison import ordinal
from messages.digest import by_theme, counts_phrase, told_line
from messages.finding_chart import describe, draw
from messages.formats import (
    add_months,
    in_year_periods,
    level,
    month_end_long,
    month_long,
    month_short,
    number,
    percentage,
)
from messages.in_year import (
    change_phrase,
    compact_change,
    coverage_summary,
    report_sentence,
    unlocated_note,
)
from messages.inputs import IndicatorFigures, NamedFinding, Told, Unlocated, any_withheld, visible
from messages.model import Chart
from messages.templating import render_html

# 1 the issue for consideration, 2 the recommendation, 3 the exceptional items: the themes are
# sections 4 to 7, as in the 2017 report.
FIRST_THEME_SECTION = 4
_NATIONAL_COLUMNS = ("national", "region", "group", "force")  # the report's order, left to right


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height from the PNG header, so the browser lays the page out before decoding."""
    return struct.unpack(">II", png[16:24])


def _embedded(chart: Chart, caption: str) -> dict[str, Any]:
    width, height = _png_size(chart.png)
    return {
        "src": "data:image/png;base64," + base64.b64encode(chart.png).decode("ascii"),
        "alt": chart.alt_text,
        "caption": caption,
        "width": width,
        "height": height,
    }


def _letter(i: int) -> str:
    """a, b, ... z, aa, ab: the report's item letters, past 26 items too."""
    return chr(97 + i) if i < 26 else _letter(i // 26 - 1) + chr(97 + i % 26)


def _finding_text(item: NamedFinding) -> str:
    line = told_line(item)
    return f"{line['headline']}. {line['sentence']}"


def definition(noun: str, source: str, parts: Sequence[str]) -> str:
    """Appendix A's definition: ``Number of robberies recorded (police.uk street-level)``; a
    total names what it sums."""
    sums = f": the sum of {', '.join(parts[:-1])} and {parts[-1]}" if len(parts) > 1 else ""
    return f"Number of {noun} recorded ({source}){sums}."


def _national_cell(row: Row, noun: str) -> str:
    """``Up 14.1% (+548,727 crimes)``, as the report's national tables write it."""
    direction = "Up" if row.change > 0 else "Down" if row.change < 0 else "No change"
    if row.change == 0:
        return direction
    amount = f"{'+' if row.change > 0 else '-'}{number(abs(row.change))} {noun}"
    if row.percent is None:
        return f"{direction} ({amount})"
    return f"{direction} {percentage(abs(row.percent))} ({amount})"


def national_view(comparison: Comparison, name: str, noun: str, force_name: str) -> dict[str, Any]:
    """The report's table: England & Wales, region, groups, the force, for the 12 months to
    the month against the 12 before; the count of forces with an increase; the force's ranks."""
    rows = sorted(
        (r for r in comparison.rows if r.level in _NATIONAL_COLUMNS),
        key=lambda r: _NATIONAL_COLUMNS.index(r.level),
    )
    month = comparison.month
    ranks = [
        f"{ordinal(r.place)} of {r.of} {'nationally' if r.level == 'national' else 'in ' + r.name}"
        for r in comparison.ranks
    ]
    return {
        "period": f"12M {month_short(month)} -v- 12M {month_short(add_months(month, -12))}",
        "columns": [r.name for r in rows],
        "cells": [_national_cell(r, noun) for r in rows],
        "forces_up": (
            f"{comparison.forces_up} forces nationally have an increase in {name}."
            if comparison.forces_up is not None
            else ""
        ),
        "ranks": (
            f"When compared on the percentage change (1st the best record), {force_name} is "
            f"{'; '.join(ranks)}."
            if ranks
            else ""
        ),
        "notes": list(comparison.notes),
    }


def _indicator_view(
    item: IndicatorFigures, letter: str, force_name: str, told: Told
) -> dict[str, Any]:
    force, *divisions = item.areas
    indicator = item.indicator
    chart = None
    if item.chart is not None:
        change = change_phrase(force.year_on_year, indicator)
        alt = f"{describe(indicator, force.area_name, item.chart.series)} In year: {change}."
        drawn = draw(
            item.chart, indicator, force.area_name, alt_text=alt, name=force.year_on_year.area
        )
        chart = _embedded(drawn, f"{indicator.name} – {force_name}")
    return {
        "letter": letter,
        "name": indicator.name,
        "in_year": compact_change(force.year_on_year, indicator),
        "paragraph": report_sentence(force.year_on_year, indicator),
        "areas": [
            f"{area.area_name}: {compact_change(area.year_on_year, indicator)}"
            for area in divisions
        ],
        "national": (
            national_view(item.national, indicator.name, indicator.noun, force_name)
            if item.national is not None
            else None
        ),
        "findings": [
            f"{f.area_name}: {_finding_text(f)}"
            for f in told.all()
            if f.finding.indicator == indicator.slug and f.finding.kind != "data-quality"
        ],
        "statements": list(item.statements),
        "chart": chart,
    }


def _definitions(figures: Sequence[IndicatorFigures]) -> list[dict[str, str]]:
    """Appendix A's list of indicators, by priority (named on its first row)."""
    rows = []
    for n, item in enumerate(figures):
        theme = item.indicator.theme
        rows.append(
            {
                "theme": theme if n == 0 or figures[n - 1].indicator.theme != theme else "",
                "name": item.indicator.name,
                "definition": item.definition,
                "sensitive": "Yes" if item.indicator.sensitive else "",
            }
        )
    return rows


def _appendix(figures: Sequence[IndicatorFigures]) -> list[dict[str, str]]:
    rows = []
    for item in figures:
        indicator = item.indicator
        for n, area in enumerate(item.areas):
            yoy = area.year_on_year
            significance = (
                "–"
                if yoy.p_value is None
                else "Significant"
                if yoy.significant
                else "Not significant"
            )
            direction = "up" if yoy.change > 0 else "down"
            css = (
                ""
                if not yoy.significant or yoy.change == 0
                else "worse"
                if direction == indicator.bad_direction
                else "better"
            )
            rows.append(
                {
                    "indicator": indicator.name if n == 0 else "",
                    "area": area.area_name,
                    "current": level(yoy.current, indicator),
                    "previous": level(yoy.previous, indicator),
                    "change": change_phrase(yoy, indicator),
                    "significance": significance,
                    "css": css,
                }
            )
    return rows


def report_html(
    month: str,
    force_name: str,
    figures: Sequence[IndicatorFigures],
    told: Told,
    *,
    include_sensitive: bool,
    author: str = "",
    meeting: str = "Strategic Scrutiny Meeting",
    unlocated: Unlocated | None = None,
    themes: Sequence[str] = (),
) -> str:
    """The report for ``month``. ``figures``: per indicator, the force first then its divisions,
    in catalogue order, with ``chart`` set where a chart should be drawn. ``told``: what the
    month's run posted. ``themes``: the Police and Crime Plan priorities in order, each a
    section even with no indicator loaded (default: those of ``figures``). ``unlocated``:
    crimes with no location."""
    shown_figures = [item for item in visible(figures, include_sensitive) if item.areas]
    shown_told = told.visible(include_sensitive)
    grouped = by_theme(shown_figures)
    sections = []
    for number_, theme in enumerate(themes or list(grouped), start=FIRST_THEME_SECTION):
        items = grouped.get(theme, [])
        sections.append(
            {
                "number": number_,
                "name": theme,
                "indicators": [
                    _indicator_view(item, _letter(i), force_name, shown_told)
                    for i, item in enumerate(items)
                ],
            }
        )
    exceptional = [
        {"title": f"{f.indicator.name}, {f.area_name}", "text": _finding_text(f)}
        for f in (*shown_told.alerts, *shown_told.notices)
    ]
    follow_ups = [
        {"title": f"{f.indicator.name}, {f.area_name}", "text": _finding_text(f)}
        for f in shown_told.follow_ups
    ]
    current, previous = in_year_periods(month)
    coverage = coverage_summary(
        [(item.indicator.name, area.year_on_year) for item in shown_figures for area in item.areas]
    )
    return render_html(
        "report.html",
        force=force_name,
        month=month_long(month),
        period_end=month_end_long(month),
        current=current,
        previous=previous,
        withheld=any_withheld(include_sensitive, figures, told.all()),
        unlocated_note=(
            unlocated_note(unlocated, force_name)
            if unlocated is not None and (unlocated.current or unlocated.previous)
            else ""
        ),
        coverage=coverage,
        counts=counts_phrase(shown_told),
        exceptional=exceptional,
        follow_ups=follow_ups,
        themes=sections,
        appendix_section=FIRST_THEME_SECTION + len(sections),
        definitions=_definitions(shown_figures),
        appendix=_appendix(shown_figures),
        meeting=meeting,
        author=author,
    )
