"""The chart beside a finding or a query reply: which months, what to mark, the alt text."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

import pandas as pd

from detectors.finding import Finding, Limits
from messages.chart import ChartData, Level, monthly, render_chart
from messages.formats import month_short, plural
from messages.model import Chart, IndicatorInfo
from messages.wording import figure_sentence
from months import add_months

# Four years: the three-year baseline and the year before it, so the limits have context.
WINDOW_MONTHS = 48


def monthly_window(
    series: pd.Series, last: str, months: int = WINDOW_MONTHS, first: str | None = None
) -> pd.Series:
    """The ``months`` months to ``last`` (earlier if ``first`` is earlier), as a gapped series."""
    full = monthly(series)
    start = add_months(last, -(months - 1))
    if first and first < start:
        start = first
    return full[(full.index >= pd.Period(start, "M")) & (full.index <= pd.Period(last, "M"))]


def chart_data(finding: Finding, series: pd.Series, flagged: Sequence[str] = ()) -> ChartData:
    """What to draw for ``finding``: its limits from the baseline start and its month flagged
    (with ``flagged``, earlier months of the episode); a step change as the old and new levels;
    a shift or trend as its run, shaded, against the average."""
    # To the run's month: a step change is only seen once months at the new level follow it.
    shown = monthly_window(
        series, max(finding.as_of, finding.month), first=finding.evidence.baseline_start
    )
    first = str(shown.index[0]) if len(shown) else finding.month
    last = str(shown.index[-1]) if len(shown) else finding.month
    if finding.kind == "step-change":
        return ChartData(
            shown,
            flagged=(finding.month,),
            step_changes=(finding.month,),
            levels=(
                Level(first, add_months(finding.month, -1), finding.expected, "Earlier level"),
                Level(finding.month, last, finding.value, "New level"),
            ),
        )
    # A month back within limits ends an episode: it is not itself flagged.
    own = [] if finding.status == "ended" else [finding.month]
    seasonal = finding.evidence.seasonal
    # Seasonal limits are this calendar month's: drawn at the month, not across the years.
    limits = ChartData(
        shown,
        limits=finding.limits,
        limits_from=finding.month if seasonal else finding.evidence.baseline_start,
        seasonal=seasonal,
    )
    if finding.kind in ("shift", "trend"):
        run_start = finding.evidence.start_month or min([*flagged, finding.month])
        start = finding.evidence.baseline_start or first
        # Without limits, the average the run sits beside (a flat line only if not seasonal).
        average = (
            () if finding.limits or seasonal else (Level(start, last, finding.expected, "Average"),)
        )
        return replace(limits, flagged=tuple(own), run=(run_start, finding.month), levels=average)
    return replace(limits, flagged=tuple(dict.fromkeys([*flagged, *own])))


def _what(indicator: IndicatorInfo) -> str:
    return (
        f"{indicator.noun} a month" if indicator.unit == "count" else f"{indicator.name} by month"
    )


def _span(shown: pd.Series) -> str:
    if not len(shown):
        return ""
    return f", {month_short(str(shown.index[0]))} to {month_short(str(shown.index[-1]))}"


def _subtitle(indicator: IndicatorInfo, shown: pd.Series) -> str:
    what = _what(indicator)
    return f"{what[:1].upper()}{what[1:]}{_span(shown)}"


def _filename(*parts: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", "-".join(parts).lower()).strip("-")[:120] + ".png"


def describe(indicator: IndicatorInfo, area_name: str, shown: pd.Series) -> str:
    """The opening of every alt text: what the chart is and where the gaps are."""
    text = f"Line chart of {_what(indicator)} in {area_name}{_span(shown)}."
    missing = int(shown.isna().sum())
    if missing:
        text += f" {plural(missing, 'month')} with no data, shown as gaps."
    return text


def draw(
    data: ChartData, indicator: IndicatorInfo, area_name: str, *, alt_text: str, name: str
) -> Chart:
    return render_chart(
        data,
        indicator=indicator,
        title=f"{indicator.name}, {area_name}",
        subtitle=_subtitle(indicator, data.series),
        alt_text=alt_text,
        filename=_filename(indicator.slug, name),
    )


def finding_chart(
    finding: Finding,
    indicator: IndicatorInfo,
    area_name: str,
    series: pd.Series,
    *,
    flagged: Sequence[str] = (),
) -> Chart:
    """The chart for an alert: alt text states the finding."""
    data = chart_data(finding, series, flagged)
    alt = f"{describe(indicator, area_name, data.series)} {figure_sentence(finding, indicator)}"
    return draw(data, indicator, area_name, alt_text=alt, name=f"{finding.area}-{finding.month}")


def series_chart(
    indicator: IndicatorInfo,
    area_name: str,
    area_slug: str,
    series: pd.Series,
    month: str,
    *,
    limits: Limits | None = None,
    limits_from: str | None = None,
    flagged: Sequence[str] = (),
    summary: str = "",
) -> Chart:
    """The chart for a query reply: the series to ``month``, with a finding's limits if any."""
    shown = monthly_window(series, month, first=limits_from)
    data = ChartData(shown, limits=limits, limits_from=limits_from, flagged=tuple(flagged))
    alt = f"{describe(indicator, area_name, shown)} {summary}".strip()
    return draw(data, indicator, area_name, alt_text=alt, name=f"{area_slug}-{month}")
