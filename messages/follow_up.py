"""Thread replies for later months of an episode: "remains exceptional", "back within limits"."""

from __future__ import annotations

import pandas as pd

from detectors.finding import Finding
from messages.actions import finding_id
from messages.alert import finding_body, finding_fallback
from messages.blocks import context, message
from messages.escaping import escape_mrkdwn
from messages.finding_chart import finding_chart
from messages.formats import plural
from messages.model import IndicatorInfo, SlackMessage


def follow_up_message(
    finding: Finding,
    indicator: IndicatorInfo,
    area_name: str,
    *,
    month_number: int | None = None,
    series: pd.Series | None = None,
    alert_id: str | None = None,
) -> SlackMessage:
    """A reply in the alert's thread for a ``continuing`` or ``ended`` finding.

    ``month_number``: months since the episode began, counting the alert's month as 1 (so an
    ended episode whose month_number is 4 was exceptional for 3 months). ``alert_id``: the
    alert whose thread it is in (an event's), where it is not the finding's own.
    """
    if finding.status == "new":
        raise ValueError("a new finding is an alert (alert_message), not a follow-up")
    notes = []
    if month_number is not None:
        notes.append(
            f"Episode over after {plural(month_number - 1, 'month')}"
            if finding.status == "ended"
            else f"Month {month_number} of this episode"
        )
    notes.append(f"Alert {alert_id or finding_id(finding)}")
    blocks = [
        *finding_body(finding, indicator, subject=f"{indicator.name}, {area_name}"),
        context([escape_mrkdwn(note) for note in notes]),
    ]
    chart = finding_chart(finding, indicator, area_name, series) if series is not None else None
    return message(finding_fallback(finding, indicator, area_name), blocks, chart)
