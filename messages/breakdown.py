"""The "Breakdown by area" reply: the alert's month in each area inside the alert's area,
against each one's own average, in the order given (the caller puts the largest rise first)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from messages.blocks import context, header, message, sections
from messages.escaping import Mrkdwn, escape_mrkdwn
from messages.formats import figure, level, month_long, plural
from messages.inputs import AreaMonth
from messages.model import IndicatorInfo, SlackMessage
from messages.wording import ratio_phrase

MAX_AREAS = 40  # one line each: with the header and notes, well inside 50 blocks


def _line(row: AreaMonth, indicator: IndicatorInfo) -> Mrkdwn:
    if not math.isfinite(row.value):
        said = "no data this month"
    elif not math.isfinite(row.average):
        said = figure(row.value, indicator)
    else:
        said = (
            f"{figure(row.value, indicator)}, {ratio_phrase(row.value, row.average)} "
            f"the average of {level(row.average, indicator)}"
        )
    return Mrkdwn(f"• *{escape_mrkdwn(row.area_name)}*: {escape_mrkdwn(said)}")


def breakdown_message(
    indicator: IndicatorInfo,
    area_name: str,
    month: str,
    rows: Sequence[AreaMonth],
    *,
    baseline_months: int,
) -> SlackMessage:
    """``rows``: the areas directly inside ``area_name``; ``baseline_months``: how many months
    before ``month`` each average covers."""
    title = f"{indicator.name} by area: {area_name}, {month_long(month)}"
    if not rows:
        return message(
            escape_mrkdwn(title),
            [
                header(title),
                context([escape_mrkdwn(f"{area_name} has no smaller areas to break down.")]),
            ],
        )
    average = f"Average: the {baseline_months} months before {month_long(month)} with data."
    notes = [escape_mrkdwn(average)]
    if len(rows) > MAX_AREAS:
        notes.append(escape_mrkdwn(f"{plural(len(rows) - MAX_AREAS, 'more area')} not shown."))
    lines = [_line(row, indicator) for row in rows[:MAX_AREAS]]
    return message(
        escape_mrkdwn(title), [header(title), *sections(Mrkdwn("\n".join(lines))), context(notes)]
    )
