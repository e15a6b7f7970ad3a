"""From a run to outbox deliveries: who gets what, rendered once, keyed for good.

A run tells events (detectors.events), not findings: a new event is one alert (with its chart
in the thread) in every channel routed to the areas it is about; a later month of it is a
follow-up in the thread of that channel's alert. A district's own event reaches only the
channels subscribed to that district. A data-quality notice goes to the analysts' channel.
Each force's digest of the month, and its alerts, go to its channel (settings.channel_for:
its own, else the default); a digest's later pages in its first one's thread. Keys are
``kind:id:channel`` (a digest's ``digest:month:force:channel:page``), so planning a month
again queues nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence

from sqlite_utils import Database

from bot.delivery.routing import channels_for, district_channels, lineage
from bot.settings import Settings
from bot.use_cases import (
    NoFigures,
    counts_unlocated_share,
    force_out_of_step,
    gather,
    loaded_forces,
    series_input,
    slack_digest,
    year_on_year_of,
)
from detectors.events import Event
from detectors.finding import Finding
from messages.actions import parse_finding_id
from messages.alert import alert_message
from messages.event_alert import (
    data_quality_message,
    event_alert_message,
    event_area,
    event_follow_up_message,
)
from messages.follow_up import follow_up_message
from messages.model import SlackMessage
from months import months_between
from storage import outbox
from storage.acknowledgements import is_snoozed
from storage.areas import Area, list_areas
from storage.catalogue import indicators
from storage.outbox import NewDelivery
from storage.series import series
from storage.subscriptions import Subscription, list_subscriptions

log = logging.getLogger(__name__)
# What a run tells: its events; a finding on its own (one kept before events were, or a test's)
# is told as an event of its own.
Told = Event | Finding


def as_event(item: Told) -> Event:
    return item if isinstance(item, Event) else Event(item.id, item, item.status)


def plan_alerts(db: Database, told: Iterable[Told], settings: Settings) -> list[NewDelivery]:
    """The deliveries for ``told``: the events a run tells (``RunResult.alerts`` and
    ``follow_ups``), each once per channel."""
    areas = list_areas(db)
    subscriptions = list_subscriptions(db)
    planned: list[NewDelivery] = []
    for event in map(as_event, told):
        lead = event.lead
        if lead.kind == "data-quality":
            planned += _notice(db, event, areas, settings)
            continue
        if is_snoozed(db, lead.indicator, lead.area, lead.month):
            continue
        kind = "alert" if event.status == "new" else "followup"
        key_id = event.id if kind == "alert" else lead.id
        channels = [
            c
            for c in event_channels(db, event, areas, subscriptions, settings)
            if outbox.get(db, f"{kind}:{key_id}:{c}") is None
        ]
        if not channels:
            continue  # planned before: rendering it again would be wasted
        if kind == "alert":
            planned += _alert(db, event, areas, channels)
        else:
            planned += _follow_ups(db, event, areas, channels)
    return planned


def _force_of(chain: Sequence[str], areas: Sequence[Area]) -> str | None:
    """The force an area belongs to (the first force in its lineage), if any."""
    forces = {a.slug for a in areas if a.kind == "force"}
    return next((slug for slug in chain if slug in forces), None)


def event_channels(
    db: Database,
    event: Event,
    areas: Sequence[Area],
    subscriptions: Sequence[Subscription],
    settings: Settings,
) -> list[str]:
    """Where an event goes: a district's own event to the channels subscribed to it; any other
    to the default channel and every subscription to the event's area, an area above it, or
    an area it names (a channel for a division hears of the force-wide event it is part of)."""
    lead = event.lead
    indicator = indicators(db)[lead.indicator]
    if not event.top_level:
        return district_channels(
            indicator, lead.area, subscriptions, sensitive_channels=settings.sensitive_channels
        )
    parents = {a.slug: a.parent for a in areas}
    within: list[str] = lineage(event_area(event, parents), areas)
    for finding in (lead, *event.members):
        within += [a for a in lineage(finding.area, areas) if a not in within]
    return channels_for(
        indicator,
        within,
        subscriptions,
        default_channel=settings.channel_for(_force_of(within, areas)),
        sensitive_channels=settings.sensitive_channels,
    )


def _names(areas: Sequence[Area]) -> dict[str, str]:
    return {a.slug: a.name for a in areas}


def _area_name(slug: str, areas: Sequence[Area]) -> str:
    return next((a.name for a in areas if a.slug == slug), slug)


def render_event_alert(db: Database, event: Event, areas: Sequence[Area]) -> SlackMessage:
    """A new event's alert, with its lead's chart and the event area's year on year."""
    lead = event.lead
    catalogue = indicators(db)
    indicator = catalogue[lead.indicator]
    area = event_area(event, {a.slug: a.parent for a in areas})
    # The chart shows what was tested: a division's or district's street-level counts with its
    # share of the crimes with no location, as the alert's figures are (and says so).
    place = next((a for a in areas if a.slug == lead.area), None)
    tested = series_input(db, indicator, place) if place is not None else None
    values = tested.values if tested is not None else series(db, lead.indicator, lead.area)
    shares_unlocated = place is not None and counts_unlocated_share(indicator, place)
    own = series(db, lead.indicator, area)
    return event_alert_message(
        event,
        catalogue,
        _names(areas),
        area=area,
        series=values,
        year_on_year=year_on_year_of(db, indicator, area, own, lead.month),
        can_break_down=any(a.parent == area for a in areas),
        beside_country=next(
            (force_out_of_step(db, indicator, a, lead.month) for a in areas if a.slug == area),
            None,
        ),
        shares_unlocated=shares_unlocated,
    )


def render_event_follow_up(
    db: Database, event: Event, areas: Sequence[Area], first_month: str | None = None
) -> SlackMessage:
    """A later month of an event; ``first_month``: the month of its alert, where known (by
    default, the run month in the event's id when the id is an alert's)."""
    if first_month is None and event.id != event.lead.id:
        first_month = parse_finding_id(event.id)[1]
    return event_follow_up_message(
        event,
        indicators(db),
        _names(areas),
        month_number=months_between(first_month, event.lead.month) if first_month else None,
    )


def render_notice(db: Database, event: Event, areas: Sequence[Area]) -> SlackMessage:
    return data_quality_message(
        event.lead, _names(areas), also=event.members, indicators=indicators(db)
    )


def render_alert(db: Database, finding: Finding, areas: Sequence[Area]) -> SlackMessage:
    """A single finding's alert, with its chart and the area's year on year."""
    indicator = indicators(db)[finding.indicator]
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
    db: Database, finding: Finding, areas: Sequence[Area], first_month: str | None
) -> SlackMessage:
    """A later month of an episode; ``first_month`` is the month of its alert, where known."""
    return follow_up_message(
        finding,
        indicators(db)[finding.indicator],
        _area_name(finding.area, areas),
        month_number=months_between(first_month, finding.month) if first_month else None,
    )


def render_digest(db: Database, month: str, *, allow_sensitive: bool) -> list[SlackMessage]:
    """Every force's digest pages of the month, force by force; none for a force with no
    figures for it (what a run would post)."""
    try:
        forces = loaded_forces(db)
    except NoFigures as problem:
        log.warning("no digest for %s: %s", month, problem)
        return []
    pages: list[SlackMessage] = []
    for force in forces:
        try:
            pages += digest_pages(db, month, allow_sensitive=allow_sensitive, force=force.slug)
        except NoFigures as problem:
            log.warning("no digest for %s in %s: %s", force.name, month, problem)
    return pages


def digest_pages(
    db: Database, month: str, *, allow_sensitive: bool, force: str | None = None
) -> list[SlackMessage]:
    """The month's digest pages of ``force`` (the only one loaded when None): the summary
    first, the rest in its thread; NoFigures when there are none for it."""
    return slack_digest(gather(db, month, force_slug=force), allow_sensitive=allow_sensitive)


def _alert(
    db: Database, event: Event, areas: Sequence[Area], channels: list[str]
) -> list[NewDelivery]:
    message = render_event_alert(db, event, areas)
    out = []
    for channel in channels:
        key = f"alert:{event.id}:{channel}"
        out.append(_message(key, "alert", channel, message, event.lead, finding_id=event.id))
        if message.chart is not None:
            chart = message.chart
            out.append(
                NewDelivery(
                    key=f"chart:{event.id}:{channel}",
                    kind="chart",
                    channel=channel,
                    parent_key=key,
                    file=chart.png,
                    filename=chart.filename,
                    title=chart.title,
                    alt_text=chart.alt_text,
                    finding_id=event.id,
                    episode=event.lead.episode,
                )
            )
    return out


def _thread(db: Database, event: Event, channel: str) -> outbox.Delivery | None:
    """The channel's alert for the event; for a finding told on its own, its episode's."""
    found = outbox.get(db, f"alert:{event.id}:{channel}")
    if found is None:
        found = outbox.get(db, outbox.episode_alert_key(db, event.lead.episode, channel) or "")
    return found


def _follow_ups(
    db: Database, event: Event, areas: Sequence[Area], channels: list[str]
) -> list[NewDelivery]:
    out = []
    for channel in channels:
        # Without the channel's alert (it predates the subscription) the follow-up stands alone.
        parent = _thread(db, event, channel)
        first_month = (
            parse_finding_id(parent.finding_id)[1] if parent and parent.finding_id else None
        )
        message = render_event_follow_up(db, event, areas, first_month)
        out.append(
            _message(
                f"followup:{event.lead.id}:{channel}",
                "followup",
                channel,
                message,
                event.lead,
                parent_key=parent.key if parent else None,
            )
        )
    return out


def _notice(
    db: Database, event: Event, areas: Sequence[Area], settings: Settings
) -> list[NewDelivery]:
    """A data-quality notice, once, to the analysts' channel (the default one without it)."""
    channel = settings.analysts_channel or settings.channel
    key = f"notice:{event.id}:{channel}"
    if channel is None or outbox.get(db, key) is not None:
        return []
    return [_message(key, "alert", channel, render_notice(db, event, areas), event.lead)]


def _message(
    key: str,
    kind: str,
    channel: str,
    message: SlackMessage,
    finding: Finding,
    *,
    parent_key: str | None = None,
    finding_id: str | None = None,
) -> NewDelivery:
    return NewDelivery(
        key=key,
        kind=kind,  # type: ignore[arg-type]
        channel=channel,
        text=message.text,
        blocks=message.blocks,
        finding_id=finding_id or finding.id,
        episode=finding.episode,
        parent_key=parent_key,
    )


def plan_digest(db: Database, month: str, settings: Settings) -> list[NewDelivery]:
    """Each force's digest of the month for its channel (sensitive indicators only if the
    channel is cleared); nothing for a force with no channel or planned before. A force with no
    figures for the month is left out while others have some; NoFigures when none has (the
    month's data are not in, or its run is not stored): the month is not done."""
    planned: list[NewDelivery] = []
    problems: list[NoFigures] = []
    for force in loaded_forces(db):
        channel = settings.channel_for(force.slug)
        first = f"digest:{month}:{force.slug}:{channel}:1"
        if channel is None or outbox.get(db, first) is not None:
            continue  # no channel for it, or planned before
        try:
            pages = digest_pages(
                db,
                month,
                allow_sensitive=channel in settings.sensitive_channels,
                force=force.slug,
            )
        except NoFigures as problem:
            problems.append(problem)
            continue
        planned += [
            NewDelivery(
                key=f"digest:{month}:{force.slug}:{channel}:{n}",
                kind="digest",
                channel=channel,
                text=page.text,
                blocks=page.blocks,
                parent_key=None if n == 1 else first,
            )
            for n, page in enumerate(pages, start=1)
        ]
    if problems and not planned:
        raise problems[0]
    for skipped in problems:
        log.warning("no digest for %s: %s", month, skipped)
    return planned
