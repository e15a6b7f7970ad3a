"""The "Breakdown by area" reply: the alert's month in each area inside the alert's area,
against each one's own three-year average, the largest rise first."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from sqlite_utils import Database

from messages.blocks import context, header, message, sections
from messages.escaping import Mrkdwn, escape_mrkdwn
from messages.model import SlackMessage
from messages.formats import figure, level, month_long
from messages.wording import ratio_phrase
from storage.areas import Area, list_areas
from storage.catalogue import Indicator
from storage.series import series

BASELINE_MONTHS = 36  # the report's "three-year mean"


@dataclass(frozen=True)
class AreaMonth:
    area: Area
    value: float  # NaN: no data that month
    average: float  # NaN: no earlier months

    @property
    def ratio(self) -> float:
        return self.value / self.average if self.average > 0 else math.nan


def area_month(values: pd.Series, area: Area, month: str) -> AreaMonth:
    months = [str(m) for m in values.index]
    if month not in months:
        return AreaMonth(area, math.nan, math.nan)
    at = months.index(month)
    earlier = values.iloc[max(0, at - BASELINE_MONTHS):at].dropna()
    return AreaMonth(area, float(values.iloc[at]),
                     float(earlier.mean()) if len(earlier) else math.nan)


def breakdown(db: Database, indicator: Indicator, area: str, month: str) -> list[AreaMonth]:
    """The areas directly inside ``area``, largest rise on their average first."""
    children = [a for a in list_areas(db) if a.parent == area]
    rows = [area_month(series(db, indicator.slug, child.slug), child, month) for child in children]
    return sorted(rows, key=lambda r: -r.ratio if math.isfinite(r.ratio) else math.inf)


def breakdown_reply(indicator: Indicator, area_name: str, month: str,
                    rows: list[AreaMonth]) -> SlackMessage:
    title = f"{indicator.name} by area: {area_name}, {month_long(month)}"
    if not rows:
        return message(escape_mrkdwn(title), [header(title), context(
            [escape_mrkdwn(f"{area_name} has no smaller areas to break down.")])])
    lines = []
    for row in rows:
        if not math.isfinite(row.value):
            said = "no data this month"
        elif not math.isfinite(row.average):
            said = figure(row.value, indicator)
        else:
            said = (f"{figure(row.value, indicator)}, {ratio_phrase(row.value, row.average)} "
                    f"the average of {level(row.average, indicator)}")
        lines.append(Mrkdwn(f"• *{escape_mrkdwn(row.area.name)}*: {escape_mrkdwn(said)}"))
    note = escape_mrkdwn(f"Average: the {BASELINE_MONTHS} months before "
                         f"{month_long(month)} with data.")
    return message(escape_mrkdwn(title), [header(title), *sections(Mrkdwn("\n".join(lines))),
                                          context([note])])
