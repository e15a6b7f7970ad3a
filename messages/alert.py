"""The alert: the first month of an episode, posted to the area's channel."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from detectors.finding import Finding, YearOnYear
from messages import actions as ids
from messages.blocks import Block, actions, button, context, header, message, sections
from messages.escaping import Mrkdwn, escape_mrkdwn
from messages.finding_chart import finding_chart
from messages.formats import month_long
from messages.markers import marker
from messages.model import IndicatorInfo, SlackMessage
from messages.templating import macro
from messages.wording import (
    alert_items,
    headline_month,
    in_year_line,
    status_headline,
    status_sentence,
)


def finding_body(
    finding: Finding,
    indicator: IndicatorInfo,
    year_on_year: YearOnYear | None = None,
    *,
    subject: str = "",
) -> list[Block]:
    """The lines every message about a finding opens with: what happened, how unusual it is,
    and the year on year where it does not contradict them; ``subject`` (``Robbery, South
    Division``) leads where the message's header does not say it."""
    return sections(
        macro(
            "alert.mrkdwn",
            "body",
            marker=marker(finding, indicator),
            headline=status_headline(finding, indicator),
            sentence=status_sentence(finding, indicator),
            year_on_year=in_year_line(finding, year_on_year, indicator),
            subject=subject,
        )
    )


def finding_fallback(finding: Finding, indicator: IndicatorInfo, area_name: str) -> Mrkdwn:
    """The notification line: ``Robbery, South Division: Exceptionally high. 33 robberies ...``"""
    return macro(
        "alert.mrkdwn",
        "fallback",
        indicator=indicator.name,
        area=area_name,
        headline=status_headline(finding, indicator),
        sentence=status_sentence(finding, indicator),
    )


def alert_buttons(finding: Finding, *, can_break_down: bool) -> Block:
    """Acknowledge, snooze and (for an area with sub-areas) break down: each carries the id
    of the finding the alert is about."""
    value = ids.finding_id(finding)
    buttons = [
        button("Acknowledge", ids.ACKNOWLEDGE, value, style="primary"),
        button(f"Snooze {ids.SNOOZE_MONTHS} months", ids.SNOOZE, value),
    ]
    if can_break_down:
        buttons.append(button("Breakdown by area", ids.BREAKDOWN, value))
    return actions(buttons)


def alert_message(
    finding: Finding,
    indicator: IndicatorInfo,
    area_name: str,
    *,
    series: pd.Series | None = None,
    year_on_year: YearOnYear | None = None,
    flagged: Sequence[str] = (),
    can_break_down: bool = True,
) -> SlackMessage:
    """An alert for ``finding``.

    ``series``: the area's monthly series for the chart (no chart without it); ``flagged``:
    other months to highlight (earlier months of the episode); ``can_break_down``: whether the
    area has sub-areas, which decides the "Breakdown by area" button.
    """
    blocks = [
        header(f"{indicator.name}: {area_name}, {month_long(headline_month(finding))}"),
        *finding_body(finding, indicator, year_on_year),
        context([escape_mrkdwn(item) for item in alert_items(finding)]),
        alert_buttons(finding, can_break_down=can_break_down),
    ]
    chart = (
        finding_chart(finding, indicator, area_name, series, flagged=flagged)
        if series is not None
        else None
    )
    return message(finding_fallback(finding, indicator, area_name), blocks, chart)
