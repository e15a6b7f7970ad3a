"""The monthly performance report as one self-contained HTML file, in the style of the 2017
report: In Year Performance against the Previous 12 Month Period, by division, exceptional
items, charts embedded as base64 PNG. Opens in any browser, mails as one file, prints on A4."""

from __future__ import annotations

import base64
import struct
from collections.abc import Sequence
from typing import Any

from messages.digest import by_theme
from messages.finding_chart import describe, draw
from messages.formats import in_year_periods, level, month_end_long, month_long
from messages.in_year import change_phrase, compact_change, report_sentence, unlocated_note
from messages.inputs import IndicatorFigures, NamedFinding, Unlocated, any_withheld, visible
from messages.model import Chart
from messages.templating import render_html
from messages.wording import status_headline, status_sentence

FIRST_THEME_SECTION = 3  # 1 is the issue for consideration, 2 the exceptional items


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
    return f"{status_headline(item.finding)}. {status_sentence(item.finding, item.indicator)}"


def _indicator_view(
    item: IndicatorFigures, letter: str, force_name: str, findings: Sequence[NamedFinding]
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
        "paragraph": report_sentence(force.year_on_year, indicator),
        "areas": [
            f"{area.area_name}: {compact_change(area.year_on_year, indicator)}"
            for area in divisions
        ],
        "findings": [
            f"{f.area_name}: {_finding_text(f)}"
            for f in findings
            if f.finding.indicator == indicator.slug
        ],
        "chart": chart,
    }


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
    findings: Sequence[NamedFinding],
    *,
    include_sensitive: bool,
    author: str = "",
    meeting: str = "Strategic Scrutiny Meeting",
    unlocated: Unlocated | None = None,
) -> str:
    """The report for ``month``. ``figures``: per indicator, the force first then its divisions,
    in catalogue order, with ``chart`` set where a chart should be drawn. ``findings``: the
    month's findings (new, continuing and ended). ``unlocated``: crimes with no location."""
    shown_figures = [item for item in visible(figures, include_sensitive) if item.areas]
    shown_findings = visible(findings, include_sensitive)
    themes = []
    for number, (theme, items) in enumerate(
        by_theme(shown_figures).items(), start=FIRST_THEME_SECTION
    ):
        themes.append(
            {
                "number": number,
                "name": theme,
                "indicators": [
                    _indicator_view(
                        item,
                        _letter(i),
                        force_name,
                        shown_findings,
                    )
                    for i, item in enumerate(items)
                ],
            }
        )
    exceptional = [
        {"title": f"{f.indicator.name}, {f.area_name}", "text": _finding_text(f)}
        for f in shown_findings
        if f.finding.status != "ended"
    ]
    current, previous = in_year_periods(month)
    return render_html(
        "report.html",
        force=force_name,
        month=month_long(month),
        period_end=month_end_long(month),
        current=current,
        previous=previous,
        withheld=any_withheld(include_sensitive, figures, findings),
        unlocated_note=(
            unlocated_note(unlocated, force_name)
            if unlocated is not None and (unlocated.current or unlocated.previous)
            else ""
        ),
        exceptional=exceptional,
        themes=themes,
        appendix=_appendix(shown_figures),
        meeting=meeting,
        author=author,
    )
