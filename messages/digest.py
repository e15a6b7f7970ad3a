"""The monthly digest in Slack: one phone screen first (what rose, what fell, what drove it,
what the month's run posted), then, in its thread, the full table (each theme's indicators, In
Year against the Previous 12 Months, for the force and its divisions) and every message the run
posted. Long threads run over several messages."""

from __future__ import annotations

from collections.abc import Sequence

from detectors.finding import YearOnYear
from detectors.small_numbers import small_numbers
from messages.blocks import context, divider, header, message, paginate, section, sections
from messages.caveats import small_numbers_note
from messages.escaping import escape_mrkdwn
from messages.formats import (
    in_year_periods,
    month_long,
    month_short,
    number,
    percentage,
    plural,
    signed,
    whole,
)
from messages.in_year import compact_change, coverage_summary, unlocated_note
from messages.inputs import IndicatorFigures, NamedFinding, Told, Unlocated, any_withheld, visible
from messages.markers import marker
from messages.model import IndicatorInfo, SlackMessage
from messages.phone import PHONE_LINES, screen_lines
from messages.templating import macro
from messages.wording import status_headline, status_sentence

SENSITIVE_NOTE = ":lock: Sensitive indicators are reported only in channels allowed them."
MOVERS = 3  # indicators named as rising most, and as falling most
SMALL_MARK = "†"


def by_theme(figures: Sequence[IndicatorFigures]) -> dict[str, list[IndicatorFigures]]:
    """Figures grouped by theme, themes and indicators in the order given (the catalogue's)."""
    themes: dict[str, list[IndicatorFigures]] = {}
    for item in figures:
        themes.setdefault(item.indicator.theme, []).append(item)
    return themes


def short_change(yoy: YearOnYear) -> str:
    """``up 23.1% (+900)``; a proportion ``down 2.9 pts``; a small count marked ``†``."""
    direction = "up" if yoy.change > 0 else "down"
    if yoy.unit == "proportion":
        return f"{direction} {number(abs(yoy.change) * 100)} pts"
    change = signed(whole(yoy.change))
    text = (
        f"{direction} {change}"
        if yoy.percent is None
        else f"{direction} {percentage(abs(yoy.percent))} ({change})"
    )
    return text + (SMALL_MARK if small_numbers(yoy) else "")


def _significant(yoy: YearOnYear) -> bool:
    return yoy.significant and yoy.change != 0


def headline_total(figures: Sequence[IndicatorFigures]) -> IndicatorFigures | None:
    """The total the summary opens with: the first with the categories that drove it."""
    return next((item for item in figures if item.drivers), figures[0] if figures else None)


def movers(
    figures: Sequence[IndicatorFigures], direction: str, *, leave_out: IndicatorInfo | None
) -> list[IndicatorFigures]:
    """The force's significant changes one way, largest first: counts by how many, then
    proportions by how many points. Totals with drivers are left out (their parts are in)."""
    sign = 1 if direction == "up" else -1
    chosen = [
        item
        for item in figures
        if item.indicator is not leave_out
        and not item.drivers
        and _significant(item.areas[0].year_on_year)
        and sign * item.areas[0].year_on_year.change > 0
    ]
    chosen.sort(
        key=lambda item: (
            item.indicator.unit == "proportion",
            -abs(item.areas[0].year_on_year.change),
        )
    )
    return chosen[:MOVERS]


def driver_line(item: IndicatorFigures) -> str:
    """``Shoplifting +1,222 (78% of the rise), Vehicle crime +900 (15%)``."""
    way = "rise" if item.areas[0].year_on_year.change > 0 else "fall"
    parts = [
        f"{d.name} {signed(whole(d.change))} ({percentage(round(d.share * 100))}"
        f"{f' of the {way}' if n == 0 else ''})"
        for n, d in enumerate(item.drivers)
    ]
    return ", ".join(parts)


def mover_change(yoy: YearOnYear) -> str:
    """A mover's change at a glance: ``+15.7%``; without a percentage ``+12``; a proportion
    ``-2.9 pts``; a small count marked ``†``."""
    if yoy.unit == "proportion":
        return f"{'+' if yoy.change > 0 else '-'}{number(abs(yoy.change) * 100)} pts"
    text = signed(whole(yoy.change)) if yoy.percent is None else _signed_percent(yoy.percent)
    return text + (SMALL_MARK if small_numbers(yoy) else "")


def _signed_percent(p: float) -> str:
    text = percentage(p)
    return text if text.startswith("-") else f"+{text}"


def told_line(item: NamedFinding) -> dict[str, str]:
    """One message the run posted, as its lead finding reads: an alert, a follow-up or a notice."""
    finding, indicator = item.finding, item.indicator
    if finding.kind == "data-quality":
        return {
            "marker": ":warning:",
            "indicator": "Data",
            "area": item.area_name,
            "headline": "Check the figures",
            "sentence": finding.evidence.note,
        }
    return {
        "marker": marker(finding, indicator),
        "indicator": indicator.name,
        "area": item.area_name,
        "headline": status_headline(finding),
        "sentence": status_sentence(finding, indicator),
    }


def counts_phrase(told: Told) -> str:
    """``1 new alert, 12 follow-ups (10 continuing, 2 ended), 1 data notice``."""
    continuing = sum(t.finding.status == "continuing" for t in told.follow_ups)
    ended = len(told.follow_ups) - continuing
    parts = [plural(len(told.alerts), "new alert")]
    if told.follow_ups:
        parts.append(
            f"{plural(len(told.follow_ups), 'follow-up')} ({continuing} continuing, {ended} ended)"
        )
    else:
        parts.append("no follow-ups")
    if told.notices:
        parts.append(plural(len(told.notices), "data notice"))
    return ", ".join(parts)


def small_numbers_caveat(figures: Sequence[IndicatorFigures], *, force_only: bool) -> str:
    """The report's caveat for the figures marked ``†``, naming them: ``† small numbers: large
    percentage changes can be attributable to the small numbers involved in Modern slavery
    figures.``; empty when no figure shown rests on small numbers."""
    flagged = [
        (item.indicator.name, area.year_on_year.percent)
        for item in figures
        for area in (item.areas[:1] if force_only else item.areas)
        if small_numbers(area.year_on_year) and area.year_on_year.percent is not None
    ]
    if not flagged:
        return ""
    names = list(dict.fromkeys(name for name, _ in flagged))
    subject = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    largest = max(abs(percent) for _, percent in flagged if percent is not None)
    return f"{SMALL_MARK} small numbers: {small_numbers_note(largest, subject)}."


def _force_figures(figures: Sequence[IndicatorFigures]) -> list[tuple[str, YearOnYear]]:
    return [(item.indicator.name, area.year_on_year) for item in figures for area in item.areas]


def summary_lines(
    month: str, figures: Sequence[IndicatorFigures], told: Told
) -> tuple[list[dict[str, str]], list[str]]:
    """What the summary says before the month's alerts: its lines (the headline total, what
    drove it, what rose and fell most, what the run posted) and its notes."""
    lines: list[dict[str, str]] = []
    total = headline_total(figures)
    if total is not None:
        yoy = total.areas[0].year_on_year
        lines.append(
            {
                "label": f"{total.indicator.name}, 12 months to {month_short(month)}",
                "text": compact_change(yoy, total.indicator),
            }
        )
        if total.drivers:
            lines.append({"label": "Driven by", "text": driver_line(total)})
    rose = movers(figures, "up", leave_out=total.indicator if total else None)
    fell = movers(figures, "down", leave_out=total.indicator if total else None)
    for label, items in (("Rose most", rose), ("Fell most", fell)):
        if items:
            lines.append(
                {
                    "label": label,
                    "text": ", ".join(
                        f"{i.indicator.name} {mover_change(i.areas[0].year_on_year)}" for i in items
                    ),
                }
            )
    lines.append({"label": "This month", "text": counts_phrase(told)})
    shown = [item for item in (total, *rose, *fell) if item is not None]
    notes = []
    caveat = small_numbers_caveat(shown, force_only=True)
    if caveat:
        notes.append(caveat)
    coverage = coverage_summary(_force_figures(figures))
    if coverage:
        notes.append(coverage)
    return lines, notes


def _alert_line(item: NamedFinding) -> dict[str, str]:
    """An alert in the summary: what it is, not its figures (the alert and the thread have
    them): ``:large_green_circle: *Burglary, East Division*: Sustained shift below average``."""
    line = told_line(item)
    return {key: line[key] for key in ("marker", "indicator", "area", "headline")}


def summary_message(
    month: str,
    force_name: str,
    figures: Sequence[IndicatorFigures],
    told: Told,
    *,
    withheld: bool = False,
) -> list[dict[str, object]]:
    """The summary's blocks, fitted to one phone screen (messages.phone): as many of the
    month's alerts and notices as fit, and a line counting the rest, which are in the thread.
    ``withheld``: sensitive indicators were left out, which a note says."""
    lines, notes = summary_lines(month, figures, told)
    waiting = [*told.alerts, *told.notices]
    for shown in range(len(waiting), -1, -1):
        body = macro(
            "digest.mrkdwn",
            "summary",
            lines=lines,
            alerts=[_alert_line(item) for item in waiting[:shown]],
            left=len(waiting) - shown,
        )
        blocks: list[dict[str, object]] = [
            header(f"Monthly digest: {force_name}, {month_long(month)}"),
            section(body, expand=True),  # one screen: never folded behind "See more"
        ]
        if notes:
            blocks.append(context([escape_mrkdwn(note) for note in notes]))
        blocks.append(context([macro("digest.mrkdwn", "more", indicators=len(figures))]))
        if withheld:
            blocks.append(context([escape_mrkdwn(SENSITIVE_NOTE)]))
        if screen_lines(blocks) <= PHONE_LINES:
            break
    return blocks


def _national_line(item: IndicatorFigures) -> str:
    """``Home Office recorded crime: England & Wales up 14.1%, North West up 22%; 43 of 43
    forces up; 2nd of 8 in MSG``; empty without national figures."""
    national = item.national
    if national is None:
        return ""
    parts = [
        f"{row.name} {'up' if row.change > 0 else 'down'} "
        f"{percentage(abs(row.percent)) if row.percent is not None else signed(row.change)}"
        for row in sorted(national.rows, key=lambda r: _LEVEL_ORDER.get(r.level, 9))
    ]
    text = f"Home Office recorded crime: {', '.join(parts)}"
    if national.forces_up is not None and national.forces is not None:
        text += f"; {national.forces_up} of {national.forces} forces up"
    return text


_LEVEL_ORDER = {"national": 0, "region": 1, "group": 2, "force": 3}


def table_rows(items: Sequence[IndicatorFigures]) -> list[dict[str, object]]:
    return [
        {
            "name": item.indicator.name,
            "force": compact_change(item.areas[0].year_on_year, item.indicator),
            "areas": " · ".join(
                f"{area.area_name} {short_change(area.year_on_year)}" for area in item.areas[1:]
            ),
            "national": _national_line(item),
            "statements": list(item.statements),
        }
        for item in items
    ]


def digest_messages(
    month: str,
    force_name: str,
    figures: Sequence[IndicatorFigures],
    told: Told,
    *,
    allow_sensitive: bool,
    unlocated: Unlocated | None = None,
) -> list[SlackMessage]:
    """The digest for ``month``: the summary, then the thread (the full table and the month's
    messages), to post in order, the others as replies to the first.

    ``told``: what the month's run posted. ``allow_sensitive``: whether the target channel may
    see sensitive indicators; without it they are left out and a note says that they were.
    ``unlocated``: crimes with no location, which the force counts and no division does.
    """
    shown_figures, shown_told = visible(figures, allow_sensitive), told.visible(allow_sensitive)
    withheld = any_withheld(allow_sensitive, figures, told.all())
    summary_blocks = summary_message(
        month, force_name, shown_figures, shown_told, withheld=withheld
    )

    current, previous = in_year_periods(month)
    notes = [macro("digest.mrkdwn", "intro", current=current, previous=previous)]
    coverage = coverage_summary(_force_figures(shown_figures))
    if coverage:
        notes.append(escape_mrkdwn(coverage))
    body = [context(notes)]
    caveat = small_numbers_caveat(shown_figures, force_only=False)
    if caveat:
        body.append(context([escape_mrkdwn(caveat)]))
    if unlocated is not None and (unlocated.current or unlocated.previous):
        body.append(context([escape_mrkdwn(unlocated_note(unlocated, force_name))]))
    for theme, items in by_theme(shown_figures).items():
        body += [
            divider(),
            *sections(macro("digest.mrkdwn", "theme", name=theme, rows=table_rows(items))),
        ]
    groups = [
        ("New alerts", shown_told.alerts),
        ("Follow-ups in the alerts' threads", shown_told.follow_ups),
        ("Data notices", shown_told.notices),
    ]
    for title, group in groups:
        if group:
            body += [
                divider(),
                *sections(
                    macro(
                        "digest.mrkdwn",
                        "told",
                        title=title,
                        items=[told_line(item) for item in group],
                    )
                ),
            ]
    if withheld:
        body.append(context([escape_mrkdwn(SENSITIVE_NOTE)]))

    title = f"Monthly digest: {force_name}, {month_long(month)}"
    fallback = macro(
        "digest.mrkdwn",
        "fallback",
        force=force_name,
        month=month_long(month),
        counts=counts_phrase(shown_told),
    )
    thread = paginate(f"{title}: every indicator", body)
    return [
        message(fallback, summary_blocks),
        *(
            message(escape_mrkdwn(f"{title}: every indicator ({n} of {len(thread)})"), page)
            for n, page in enumerate(thread, start=1)
        ),
    ]
