"""From a run to outbox deliveries: who gets what, rendered once, keyed for good.

A new finding is an alert (with its chart in the thread) in every channel routed to it; a
continuing or ended one is a follow-up in the thread of that channel's alert. The month's
digest goes to the default channel, its later pages in the first one's thread. Keys are
``kind:id:channel``, so planning a month again queues nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from sqlite_utils import Database

from bot.delivery.routing import channels_for, lineage
from bot.settings import Settings
from bot.use_cases import NoFigures, gather, slack_digest, year_on_year_of
from detectors.finding import Finding
from messages.actions import finding_id, parse_finding_id
from messages.alert import alert_message
from messages.follow_up import follow_up_message
from messages.formats import months_between
from messages.model import SlackMessage
from storage import outbox
from storage.acknowledgements import is_snoozed
from storage.areas import Area, list_areas
from storage.catalogue import indicators
from storage.outbox import NewDelivery
from storage.series import series
from storage.subscriptions import list_subscriptions

log = logging.getLogger(__name__)


def plan_alerts(db: Database, findings: Sequence[Finding], settings: Settings) -> list[NewDelivery]:
    areas = list_areas(db)
    subscriptions = list_subscriptions(db)
    planned: list[NewDelivery] = []
    for finding in findings:
        if is_snoozed(db, finding.indicator, finding.area, finding.month):
            continue
        indicator = indicators()[finding.indicator]
        channels = channels_for(
            indicator,
            lineage(finding.area, areas),
            subscriptions,
            default_channel=settings.channel,
            sensitive_channels=settings.sensitive_channels,
        )
        kind = "alert" if finding.status == "new" else "followup"
        fid = finding_id(finding)
        channels = [c for c in channels if outbox.get(db, f"{kind}:{fid}:{c}") is None]
        if not channels:
            continue  # planned before: rendering it again would be wasted
        if kind == "alert":
            planned += _alert(db, finding, areas, channels)
        else:
            planned += _follow_ups(db, finding, areas, channels)
    return planned


def _area_name(slug: str, areas: Sequence[Area]) -> str:
    return next((a.name for a in areas if a.slug == slug), slug)


def render_alert(db: Database, finding: Finding, areas: Sequence[Area]) -> SlackMessage:
    """A new finding's alert, with its chart and the area's year on year."""
    indicator = indicators()[finding.indicator]
    values = series(db, finding.indicator, finding.area)
    return alert_message(
        finding,
        indicator,
        _area_name(finding.area, areas),
        series=values,
        year_on_year=year_on_year_of(db, indicator, finding.area, values, finding.month),
        can_break_down=any(a.parent == finding.area for a in areas),
    )


def render_follow_up(
    finding: Finding, areas: Sequence[Area], first_month: str | None
) -> SlackMessage:
    """A later month of an episode; ``first_month`` is the month of its alert, where known."""
    return follow_up_message(
        finding,
        indicators()[finding.indicator],
        _area_name(finding.area, areas),
        month_number=months_between(first_month, finding.month) if first_month else None,
    )


def render_digest(db: Database, month: str, *, allow_sensitive: bool) -> list[SlackMessage]:
    """The month's digest pages; none when there are no figures for it (what a run would post)."""
    try:
        return digest_pages(db, month, allow_sensitive=allow_sensitive)
    except NoFigures as problem:
        log.warning("no digest for %s: %s", month, problem)
        return []


def digest_pages(db: Database, month: str, *, allow_sensitive: bool) -> list[SlackMessage]:
    """The month's digest pages; NoFigures when there are none for it."""
    return slack_digest(gather(db, month), allow_sensitive=allow_sensitive)


def _alert(
    db: Database, finding: Finding, areas: Sequence[Area], channels: list[str]
) -> list[NewDelivery]:
    message = render_alert(db, finding, areas)
    fid = finding_id(finding)
    out = []
    for channel in channels:
        key = f"alert:{fid}:{channel}"
        out.append(_message(key, "alert", channel, message, finding))
        if message.chart is not None:
            chart = message.chart
            out.append(
                NewDelivery(
                    key=f"chart:{fid}:{channel}",
                    kind="chart",
                    channel=channel,
                    parent_key=key,
                    file=chart.png,
                    filename=chart.filename,
                    title=chart.title,
                    alt_text=chart.alt_text,
                    finding_id=fid,
                    episode=finding.episode,
                )
            )
    return out


def _follow_ups(
    db: Database, finding: Finding, areas: Sequence[Area], channels: list[str]
) -> list[NewDelivery]:
    out = []
    for channel in channels:
        parent = outbox.get(db, outbox.episode_alert_key(db, finding.episode, channel) or "")
        # Without the channel's alert (it predates the subscription) the follow-up stands alone.
        first_month = (
            parse_finding_id(parent.finding_id)[1] if parent and parent.finding_id else None
        )
        message = render_follow_up(finding, areas, first_month)
        out.append(
            _message(
                f"followup:{finding_id(finding)}:{channel}",
                "followup",
                channel,
                message,
                finding,
                parent_key=parent.key if parent else None,
            )
        )
    return out


def _message(
    key: str,
    kind: str,
    channel: str,
    message: SlackMessage,
    finding: Finding,
    *,
    parent_key: str | None = None,
) -> NewDelivery:
    return NewDelivery(
        key=key,
        kind=kind,  # type: ignore[arg-type]
        channel=channel,
        text=message.text,
        blocks=message.blocks,
        finding_id=finding_id(finding),
        episode=finding.episode,
        parent_key=parent_key,
    )


def plan_digest(db: Database, month: str, settings: Settings) -> list[NewDelivery]:
    """The month's digest for the default channel (sensitive indicators only if it is cleared);
    nothing when there is no default channel or it was planned before. NoFigures when there is
    nothing to report yet (the month's data are not in): the month is not done."""
    channel = settings.channel
    first = f"digest:{month}:{channel}:1"
    if channel is None or outbox.get(db, first) is not None:
        return []  # no channel for it, or planned before
    pages = digest_pages(db, month, allow_sensitive=channel in settings.sensitive_channels)
    return [
        NewDelivery(
            key=f"digest:{month}:{channel}:{n}",
            kind="digest",
            channel=channel,
            text=page.text,
            blocks=page.blocks,
            parent_key=None if n == 1 else first,
        )
        for n, page in enumerate(pages, start=1)
    ]
