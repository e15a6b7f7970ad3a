"""From findings to events: one alert per real event, the rest lines in it.

A finding is a statistical fact about one series; an event is what a commander is told. One
cause shows in many series at once: every area above it (district, division, force) and every
total that sums it (burglary, high impact acquisitive crime, acquisitive crime, all crime). A
month's findings are grouped so that each cause is told once, at the level where it is, saying
where it is concentrated ("mainly attributable to East Division and West Division") and, for a
total, which categories drove it ("Shoplifting accounts for approximately 78% of the
increase"), as the performance report does.

The rules, in order, for each new finding of the month:
1. It joins an event of the same indicator and direction about an area above it (this month's,
   or one still going from an earlier month), or, for a division or the force, an event still
   going about an area below it (the rise spreading): a line in that event, never a new alert.
2. A total (a derived indicator) joins the event of one of its components in the same area
   and direction ("All crime up 3.1% as a result").
3. Otherwise it is a new event. Where most of a force's divisions move together and the force
   has no finding of its own, the divisions are one force-wide event. Where one division alone
   makes up most of the force's movement, the event is that division's, with the force a
   line in it.
Continuing and ended findings stay with the event of their episode. District events are
breakdowns: they reach only channels that subscribe to the district (``top_level`` False).

Pure: the areas, the indicators' components and the month's figures come in as values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from detectors.data_quality import GROUPED_CHECKS
from detectors.finding import Direction, Finding, Status

# Levels of the area hierarchy, highest first. "other" areas (long-format areas outside the
# hierarchy) stand alone.
LEVELS = ("force", "division", "district", "other")
# The children named as "where it is": the fewest, largest movers that together make up this
# share of the movement in the event's direction.
WHERE_SHARE = 2 / 3
# Categories named as drivers of a total: the same rule.
DRIVER_SHARE = 2 / 3
# A division that is the only one with a finding is where the force's move is when it makes
# up at least this share of the force's net movement.
HALF = 0.5


@dataclass(frozen=True)
class Place:
    """An area in the hierarchy: ``kind`` is one of LEVELS; ``parent`` the area above it."""

    slug: str
    kind: str
    parent: str | None = None


@dataclass(frozen=True)
class Figure:
    """One series' month against its expected level (the baseline centre)."""

    value: float
    expected: float

    @property
    def change(self) -> float:
        return self.value - self.expected


@dataclass(frozen=True)
class Share:
    """A part (an area or a category) of an event's movement."""

    key: str  # area or indicator slug
    value: float
    expected: float
    share: float  # of the total movement in the event's direction, 0..1

    @property
    def change(self) -> float:
        return self.value - self.expected


@dataclass(frozen=True)
class Event:
    id: str  # the id of the alert that tells it: its lead finding's id in its first month
    lead: Finding  # what the alert (or this month's follow-up) is about
    status: Status  # the lead's: new (an alert), continuing or ended (a follow-up)
    members: tuple[Finding, ...] = ()  # the same indicator in other areas (lines, or silent)
    knock_on: tuple[Finding, ...] = ()  # totals that moved as a result
    where: tuple[Share, ...] = ()  # the areas below the lead that account for most of it
    drivers: tuple[Share, ...] = ()  # the categories that account for most of a total's move
    force_wide: bool = False  # most divisions together, the force without a finding of its own
    top_level: bool = True  # False: a district's event, only for channels subscribed to it

    @property
    def findings(self) -> tuple[Finding, ...]:
        return (self.lead, *self.members, *self.knock_on)


@dataclass(frozen=True)
class EarlierEvent:
    """What a run needs to know of an event told in an earlier month."""

    id: str
    force_wide: bool = False


@dataclass(frozen=True)
class Grouping:
    events: tuple[Event, ...]
    # The event of each finding (by finding id). A later month of an episode whose event has no
    # lead this month is in it but gets no message: the event carries on silently.
    event_of: Mapping[str, str]


@dataclass
class _Draft:
    id: str
    lead: Finding
    members: list[Finding] = field(default_factory=list)
    knock_on: list[Finding] = field(default_factory=list)
    force_wide: bool = False

    def all(self) -> list[Finding]:
        return [self.lead, *self.members, *self.knock_on]


def group_events(
    findings: Iterable[Finding],
    *,
    places: Mapping[str, Place],
    components: Mapping[str, Sequence[str]],
    figures: Mapping[tuple[str, str], Figure],
    earlier: Mapping[str, EarlierEvent] | None = None,
) -> Grouping:
    """Events of one run. ``places``: every area by slug; ``components``: each derived
    indicator's component indicators; ``figures``: this month's value and expected level of
    every tested series, by (indicator, area); ``earlier``: the event of each episode told in
    an earlier run, by episode id."""
    earlier = earlier or {}
    findings = list(findings)
    event_of: dict[str, str] = {}
    drafts = _carried_on(findings, earlier, event_of)

    fresh = [f for f in findings if f.kind != "data-quality" and f.id not in event_of]
    fresh.sort(key=lambda f: _order(f, places, components))
    groups = _force_wide_groups(fresh, places)
    for finding in fresh:
        if finding.id in event_of:
            continue  # placed with its force-wide group
        home = _ancestor_event(finding, drafts.values(), places) or _component_event(
            finding, drafts.values(), components
        )
        if home is not None:
            draft = drafts[home]
            same = finding.indicator == draft.lead.indicator
            (draft.members if same else draft.knock_on).append(finding)
            event_of[finding.id] = home
            continue
        group = groups.get(finding.id, (finding,))
        draft = _Draft(group[0].id, group[0], members=list(group[1:]), force_wide=len(group) > 1)
        drafts[draft.id] = draft
        for member in group:
            event_of[member.id] = draft.id

    for draft in list(drafts.values()):
        lower = _concentrated(draft, places, figures)
        if lower is not None:  # told where it is: the division, the force a line in it
            del drafts[draft.id]
            others = [m for m in draft.members if m is not lower]
            moved = _Draft(lower.id, lower, [draft.lead, *others], draft.knock_on)
            drafts[moved.id] = moved
            for f in moved.all():
                event_of[f.id] = moved.id
    events = [_event(d, places, components, figures) for d in drafts.values()]
    events += _notices([f for f in findings if f.kind == "data-quality"], event_of)
    return Grouping(tuple(events), event_of)


def _notices(found: Sequence[Finding], event_of: dict[str, str]) -> list[Event]:
    """One notice a data problem; the checks that find many months or series at once (a
    re-loaded archive's revised months, a month's provisional figures) one notice a force or
    a run, led by their first finding, the rest its lines."""
    groups: dict[tuple[str, str], list[Finding]] = {}
    for finding in found:
        rule = finding.evidence.rule
        key = (
            (rule, "" if rule == "provisional" else finding.area)
            if rule in GROUPED_CHECKS
            else (finding.id, "")
        )
        groups.setdefault(key, []).append(finding)
    notices = []
    for lead, *rest in groups.values():
        notices.append(Event(lead.id, lead, lead.status, members=tuple(rest)))
        for finding in (lead, *rest):
            event_of[finding.id] = lead.id
    return notices


def _carried_on(
    findings: Sequence[Finding], earlier: Mapping[str, EarlierEvent], event_of: dict[str, str]
) -> dict[str, _Draft]:
    """Events of earlier months that go on this month: their episodes' later months. An event
    whose own episode has no month now (ended before, or a missing month) takes no message."""
    leads: dict[str, Finding] = {}
    members: dict[str, list[Finding]] = {}
    wide: dict[str, bool] = {}
    for finding in findings:
        known = earlier.get(finding.episode)
        if finding.status == "new" or known is None:
            continue
        event_of[finding.id] = known.id
        wide[known.id] = known.force_wide
        if known.id.startswith(f"{finding.episode}:"):
            leads[known.id] = finding
        else:
            members.setdefault(known.id, []).append(finding)
    return {
        event_id: _Draft(
            event_id, lead, members=members.get(event_id, []), force_wide=wide[event_id]
        )
        for event_id, lead in leads.items()
    }


def _order(
    finding: Finding, places: Mapping[str, Place], components: Mapping[str, Sequence[str]]
) -> tuple[int, int, str]:
    """Components before the totals that sum them (smaller totals first), higher areas first."""
    kind = places[finding.area].kind if finding.area in places else "other"
    size = len(_all_components(finding.indicator, components))
    return (size, LEVELS.index(kind) if kind in LEVELS else len(LEVELS), finding.area)


def _all_components(indicator: str, components: Mapping[str, Sequence[str]]) -> set[str]:
    """Every indicator a total sums, directly or through another total."""
    found: set[str] = set()
    stack = list(components.get(indicator, ()))
    while stack:
        part = stack.pop()
        if part not in found:
            found.add(part)
            stack.extend(components.get(part, ()))
    return found


def lineage(area: str, places: Mapping[str, Place]) -> list[str]:
    """The area and every area above it, nearest first."""
    chain: list[str] = []
    current: str | None = area
    while current is not None and current in places and current not in chain:
        chain.append(current)
        current = places[current].parent
    return chain


def _ancestor_event(
    finding: Finding, drafts: Iterable[_Draft], places: Mapping[str, Place]
) -> str | None:
    """An event holding the same indicator and direction in an area above this one (for a
    force-wide event, the force itself counts as held), or, for a division or the force, in an
    area below it whose told event is still going: one cause spreading is one event."""
    above = set(lineage(finding.area, places)[1:])
    level = places[finding.area].kind if finding.area in places else "other"
    for draft in drafts:
        held = {
            f.area
            for f in draft.all()
            if f.indicator == finding.indicator and f.direction == finding.direction
        }
        if draft.force_wide and draft.lead.indicator == finding.indicator:
            held.add(places[draft.lead.area].parent or "")
        if held & above:
            return draft.id
        lead_level = places[draft.lead.area].kind if draft.lead.area in places else "other"
        spreading = (
            level in ("force", "division")
            and lead_level in ("force", "division")
            and draft.lead.status != "new"
            and any(finding.area in lineage(area, places)[1:] for area in held)
        )
        if spreading:
            return draft.id
    return None


def _component_event(
    finding: Finding, drafts: Iterable[_Draft], components: Mapping[str, Sequence[str]]
) -> str | None:
    """For a total: the event, in the same area and direction, of the component that moved
    most (a total moved by a component is a line in the component's alert)."""
    parts = _all_components(finding.indicator, components)
    best: tuple[float, str] | None = None
    for draft in drafts:
        for held in draft.all():
            if (
                held.indicator in parts
                and held.area == finding.area
                and held.direction == finding.direction
            ):
                size = abs(held.value - held.expected)
                if best is None or size > best[0]:
                    best = (size, draft.id)
    return None if best is None else best[1]


def _force_wide_groups(
    fresh: Sequence[Finding], places: Mapping[str, Place]
) -> dict[str, tuple[Finding, ...]]:
    """New division findings that are one force-wide event: most of a force's divisions, the
    same indicator and direction, and no finding of the force itself. Each member's id maps
    to the group, its largest move first (the lead)."""
    divisions_of: dict[str, int] = {}
    for place in places.values():
        if place.kind == "division" and place.parent:
            divisions_of[place.parent] = divisions_of.get(place.parent, 0) + 1
    at_force = {(f.indicator, f.direction, f.area) for f in fresh}
    together: dict[tuple[str, Direction, str], list[Finding]] = {}
    for f in fresh:
        home = places.get(f.area)
        if home is not None and home.kind == "division" and home.parent:
            together.setdefault((f.indicator, f.direction, home.parent), []).append(f)
    groups: dict[str, tuple[Finding, ...]] = {}
    for (indicator, direction, force), members in together.items():
        if (indicator, direction, force) in at_force:
            continue  # the force's own finding leads
        if len(members) > 1 and 2 * len(members) > divisions_of.get(force, 0):
            ordered = tuple(sorted(members, key=lambda f: -abs(f.value - f.expected)))
            groups.update({m.id: ordered for m in ordered})
    return groups


def _concentrated(
    draft: _Draft, places: Mapping[str, Place], figures: Mapping[tuple[str, str], Figure]
) -> Finding | None:
    """A new force event that is one division's: that division has a finding of its own and
    either alone makes up most of the divisions' movement, or is the only division with a
    finding and makes up at least half of the force's net movement (a robbery month at twice
    East's average lifts the force; the other divisions' ordinary noise does not make it
    theirs). The alert is then the division's."""
    lead = draft.lead
    if (
        lead.status != "new"
        or draft.force_wide
        or places.get(lead.area, Place("", "")).kind != "force"
    ):
        return None
    children = [p.slug for p in places.values() if p.parent == lead.area]
    where = largest_shares(
        lead.direction,
        {c: figures[(lead.indicator, c)] for c in children if (lead.indicator, c) in figures},
        WHERE_SHARE,
    )
    if len(where) == 1:
        return next(
            (m for m in draft.members if m.area == where[0].key and m.status == "new"), None
        )
    movers = [
        m
        for m in draft.members
        if m.area in children and m.status == "new" and m.direction == lead.direction
    ]
    force = figures.get((lead.indicator, lead.area))
    if len(movers) != 1 or force is None:
        return None
    sign = 1.0 if lead.direction == "up" else -1.0
    alone = sign * (movers[0].value - movers[0].expected)
    return movers[0] if sign * force.change > 0 and alone >= HALF * sign * force.change else None


def _event(
    draft: _Draft,
    places: Mapping[str, Place],
    components: Mapping[str, Sequence[str]],
    figures: Mapping[tuple[str, str], Figure],
) -> Event:
    lead = draft.lead
    area = places[lead.area].parent if draft.force_wide else lead.area
    children = [p.slug for p in places.values() if p.parent == area]
    where = largest_shares(
        lead.direction,
        {c: figures[(lead.indicator, c)] for c in children if (lead.indicator, c) in figures},
        WHERE_SHARE,
    )
    parts = components.get(lead.indicator, ())
    drivers = largest_shares(
        lead.direction,
        {p: figures[(p, lead.area)] for p in parts if (p, lead.area) in figures},
        DRIVER_SHARE,
    )
    kind = places[lead.area].kind if lead.area in places else "other"
    return Event(
        id=draft.id,
        lead=lead,
        status=lead.status,
        members=tuple(draft.members),
        knock_on=tuple(draft.knock_on),
        where=where,
        drivers=drivers,
        force_wide=draft.force_wide,
        top_level=kind != "district",
    )


def largest_shares(
    direction: Direction, parts: Mapping[str, Figure], enough: float
) -> tuple[Share, ...]:
    """The fewest parts, largest first, whose movements in ``direction`` make up ``enough`` of
    the movement of all parts that way (nothing when no part moved that way)."""
    sign = 1.0 if direction == "up" else -1.0
    moving = sorted(
        ((key, fig) for key, fig in parts.items() if sign * fig.change > 0),
        key=lambda item: -sign * item[1].change,
    )
    total = sum(sign * fig.change for _, fig in moving)
    if total <= 0:
        return ()
    chosen: list[Share] = []
    covered = 0.0
    for key, fig in moving:
        share = sign * fig.change / total
        chosen.append(Share(key, fig.value, fig.expected, share))
        covered += share
        if covered >= enough:
            break
    return tuple(chosen)
