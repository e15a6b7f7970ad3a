"""An event's messages: its alert, its follow-ups, and the data notice for analysts.

An event (detectors.events) is one cause seen in many series. Its alert is about its lead
finding and says, in the report's words, where it is ("mainly attributable to East Division
and West Division"), what drove a total ("Shoplifting accounts for approximately 78% of the
increase") and which totals moved with it ("All crime up 3.1% as a result").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from detectors.comparison import OutOfStep
from detectors.data_quality import DATA_CHECKS
from detectors.events import Event, Share
from detectors.finding import Finding, YearOnYear
from messages.alert import alert_buttons, finding_body, finding_fallback
from messages.blocks import Block, context, header, message, sections
from messages.caveats import located_note
from messages.comparison import out_of_step_line
from messages.escaping import Mrkdwn, escape_mrkdwn
from messages.finding_chart import finding_chart
from messages.follow_up import follow_up_message
from messages.formats import level, month_long, number, percentage, value_shown
from messages.markers import marker
from messages.model import IndicatorInfo, SlackMessage
from messages.wording import (
    alert_items,
    figure_sentence,
    headline,
    headline_month,
)


def event_area(event: Event, parents: Mapping[str, str | None]) -> str:
    """The area an event is about: a force-wide event's is the force above its divisions."""
    lead = event.lead.area
    return (parents.get(lead) or lead) if event.force_wide else lead


def _name(slug: str, names: Mapping[str, str]) -> str:
    return names.get(slug, slug)


def _listed(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def where_line(event: Event, names: Mapping[str, str]) -> str:
    """``Mainly attributable to East Division (520 against an average of 400) and West
    Division (500 against 380).``; empty when the event's area has no parts that moved."""
    if not event.where:
        return ""
    parts = [
        f"{_name(s.key, names)} ({number(round(s.value))} against "
        f"{'an average of ' if n == 0 else ''}{number(s.expected)})"
        for n, s in enumerate(event.where)
    ]
    if len(parts) == 1:
        return f"Mainly in {parts[0]}."
    return f"Mainly attributable to {_listed(parts)}."


def drivers_line(event: Event, indicators: Mapping[str, IndicatorInfo]) -> str:
    """``Shoplifting accounts for approximately 78% of the increase.``: the categories that
    made up most of a total's move, as the report lists them."""
    if not event.drivers:
        return ""
    change = "increase" if event.lead.direction == "up" else "reduction"

    def share(s: Share) -> str:
        return percentage(round(s.share * 100))

    first, *rest = event.drivers
    line = f"{_indicator_name(first.key, indicators)} accounts for approximately {share(first)}"
    line += f" of the {change}"
    if rest:
        others = [f"{_indicator_name(s.key, indicators)} for {share(s)}" for s in rest]
        line += f", {_listed(others)}"
    return line + "."


def _indicator_name(slug: str, indicators: Mapping[str, IndicatorInfo]) -> str:
    found = indicators.get(slug)
    return found.name if found is not None else slug


def _moved(finding: Finding) -> str:
    """``up 3.1%`` (``up by 40`` where the expected level is not positive)."""
    way = "up" if finding.value >= finding.expected else "down"
    if finding.expected > 0:
        return f"{way} {percentage(abs(finding.value / finding.expected - 1) * 100)}"
    return f"{way} by {number(abs(round(finding.value - finding.expected)))}"


def knock_on_lines(
    event: Event, indicators: Mapping[str, IndicatorInfo], names: Mapping[str, str]
) -> list[str]:
    """``All crime up 3.1% as a result.``: a total that moved because the lead's indicator
    did, one line a total (its other areas in the same line)."""
    by_total: dict[str, list[Finding]] = {}
    for finding in event.knock_on:
        by_total.setdefault(finding.indicator, []).append(finding)
    lines = []
    for slug, found in by_total.items():
        name = _indicator_name(slug, indicators)
        if len(found) == 1 and found[0].area == event.lead.area:
            lines.append(f"{name} {_moved(found[0])} as a result.")
            continue
        places = [f"{_moved(f)} in {_name(f.area, names)}" for f in found]
        lines.append(f"{name} as a result: {_listed(places)}.")
    return lines


def also_line(
    event: Event, indicators: Mapping[str, IndicatorInfo], names: Mapping[str, str]
) -> str:
    """The other areas flagged for the same indicator that ``where`` does not already name,
    each with what its own figures show (a division on a sustained shift is not "beyond the
    limits" because the lead is)."""
    named = {s.key for s in event.where}
    others = [
        m
        for m in event.members
        if m.status == "new" and m.area not in named and m.area != event.lead.area
    ]
    return f"Also: {_each(others, indicators, names)}." if others else ""


def _each(
    findings: Sequence[Finding], indicators: Mapping[str, IndicatorInfo], names: Mapping[str, str]
) -> str:
    """``West Division exceptionally high (30 against 15); South Division sustained shift above
    average (187 against 167)``: each area with its own headline and figures."""
    parts = []
    for f in findings:
        indicator = indicators[f.indicator]
        figures = (
            f"{level(value_shown(f.value, indicator), indicator)} against "
            f"{level(f.expected, indicator)}"
        )
        parts.append(f"{_name(f.area, names)} {headline(f, indicator).lower()} ({figures})")
    return "; ".join(parts)


def event_lines(
    event: Event, indicators: Mapping[str, IndicatorInfo], names: Mapping[str, str]
) -> list[str]:
    """What an event's alert says besides its lead: where, what drove it, what moved with it."""
    lines = [where_line(event, names), drivers_line(event, indicators)]
    if not event.force_wide:
        lines.append(also_line(event, indicators, names))
    lines += knock_on_lines(event, indicators, names)
    return [line for line in lines if line]


def _force_wide_body(
    event: Event, indicator: IndicatorInfo, names: Mapping[str, str]
) -> tuple[list[Block], Mrkdwn]:
    """A force-wide event: the headline across its divisions, then each division's month."""
    divisions = [event.lead, *(m for m in event.members if m.status == "new")]
    where = _listed([_name(f.area, names) for f in divisions])
    # One headline for every division only when it is true of each; otherwise the direction,
    # and each division's line says what its own figures show.
    said = {headline(f, indicator) for f in divisions}
    common = said.pop() if len(said) == 1 else ("Up" if event.lead.direction == "up" else "Down")
    heading = f"{common} in {where}"
    lines = [f"{marker(event.lead, indicator)} *{escape_mrkdwn(heading)}.*"]
    lines += [
        f"• {escape_mrkdwn(_name(f.area, names))}: {escape_mrkdwn(figure_sentence(f, indicator))}"
        for f in divisions
    ]
    fallback = escape_mrkdwn(
        f"{indicator.name}: {heading}. {figure_sentence(event.lead, indicator)}"
    )
    return sections(Mrkdwn("\n".join(lines))), fallback


def event_alert_message(
    event: Event,
    indicators: Mapping[str, IndicatorInfo],
    names: Mapping[str, str],
    *,
    area: str | None = None,
    series: pd.Series | None = None,
    year_on_year: YearOnYear | None = None,
    can_break_down: bool = True,
    beside_country: OutOfStep | None = None,
    shares_unlocated: bool = False,
) -> SlackMessage:
    """The alert for a new event. ``indicators`` and ``names``: every indicator and area by
    slug; ``area``: the event's area (``event_area``; the lead's when not given);
    ``series``: the lead's monthly series, for the chart; ``year_on_year``: the event area's;
    ``beside_country``: the force against England & Wales (or its region) when out of step;
    ``shares_unlocated``: the lead's counts include its share of the crimes with no location
    (a division's or district's street-level figures), which the alert says."""
    lead = event.lead
    indicator = indicators[lead.indicator]
    where = area or lead.area
    if event.force_wide:
        body, fallback = _force_wide_body(event, indicator, names)
    else:
        body = finding_body(lead, indicator, year_on_year)
        fallback = finding_fallback(lead, indicator, _name(where, names))
    extra = event_lines(event, indicators, names)
    if event.force_wide:  # the divisions are listed with their figures already
        extra = [line for line in extra if line != where_line(event, names)]
    if beside_country is not None:
        extra.append(out_of_step_line(beside_country))
    small_print = alert_items(lead)
    if shares_unlocated:
        small_print.append(located_note(_name(lead.area, names)))
    blocks = [
        header(f"{indicator.name}: {_name(where, names)}, {month_long(headline_month(lead))}"),
        *body,
        *(sections(escape_mrkdwn("\n".join(extra))) if extra else []),
        context([escape_mrkdwn(item) for item in small_print]),
        alert_buttons(lead, can_break_down=can_break_down),
    ]
    chart = (
        finding_chart(lead, indicator, _name(lead.area, names), series)
        if series is not None
        else None
    )
    return message(fallback, blocks, chart)


def event_follow_up_message(
    event: Event,
    indicators: Mapping[str, IndicatorInfo],
    names: Mapping[str, str],
    *,
    month_number: int | None = None,
) -> SlackMessage:
    """A later month of an event, in its alert's thread: the lead's month, and the areas that
    joined it this month."""
    lead = event.lead
    indicator = indicators[lead.indicator]
    base = follow_up_message(
        lead, indicator, _name(lead.area, names), month_number=month_number, alert_id=event.id
    )
    joined = [m for m in event.members if m.status == "new"]
    if not joined:
        return base
    line = escape_mrkdwn(f"Now also: {_each(joined, indicators, names)}.")
    return message(Mrkdwn(base.text), [*base.blocks[:-1], *sections(line), base.blocks[-1]])


# What the data check did about each problem, for the analysts who load the data.
_DATA_ACTION = {
    "common-factor": "{month} was not tested for {force}'s street-level series (the force, "
    "its divisions and districts), and it stays out of their baselines: no crime alert was "
    "sent for it. {then}",
    "location-coverage": "Divisions and districts count their share of the crimes with no "
    "location, so this change raises no division or district alert; the force's own figures "
    "are unaffected.",
    "missing-month": "{month} is not tested for {force} and stays missing (not zero) until a "
    "file for it is loaded.",
}


def data_quality_message(
    finding: Finding,
    names: Mapping[str, str],
    *,
    also: Sequence[Finding] = (),
    indicators: Mapping[str, IndicatorInfo] | None = None,
) -> SlackMessage:
    """The notice to analysts for a data-quality finding: what is wrong with which month, and
    that those months were not tested for the series they distort. ``also``: the other months
    or series the same check found in this run (told in this one notice); ``indicators``
    names the series of provisional figures."""
    if finding.kind != "data-quality":
        raise ValueError("a data notice is for a data-quality finding")
    rule = finding.evidence.rule
    month = month_long(finding.as_of if rule == "revised-month" else finding.month)
    force = _name(finding.area, names)
    what = DATA_CHECKS.get(rule, rule)
    note = finding.evidence.note
    then = (
        "Reload the month when the full upload is published."
        if finding.direction == "down"
        else "Check whether the month was loaded twice."
    )
    action = _DATA_ACTION.get(rule, "").format(month=month, force=force, then=then)
    lines = [f":warning: *{escape_mrkdwn(what[:1].upper() + what[1:])}.*"]
    if rule == "provisional":
        listed = [_provisional(f, names, indicators or {}) for f in (finding, *also)]
        lines.append(escape_mrkdwn(f"Provisional for {month}: {'; '.join(listed)}."))
    if note:
        lines.append(escape_mrkdwn(f"{note[:1].upper()}{note[1:]}."))
    if rule == "revised-month" and also:
        revised = [f"{month_long(f.month)} ({_revised(f)})" for f in also]
        lines.append(escape_mrkdwn(f"Also loaded again with other totals: {_listed(revised)}."))
    if action:
        lines.append(escape_mrkdwn(action))
    # A provisional notice is about a month's figures, whichever areas they are for.
    subject = "provisional figures" if rule == "provisional" else force
    blocks = [
        header(f"Data check: {subject}, {month}"),
        *sections(Mrkdwn("\n".join(lines))),
        context([escape_mrkdwn(f"For analysts · check {finding.id}")]),
    ]
    return message(escape_mrkdwn(f"Data check, {subject}, {month}: {what}."), blocks)


def _provisional(
    finding: Finding, names: Mapping[str, str], indicators: Mapping[str, IndicatorInfo]
) -> str:
    """``Missing persons in Lancashire (120)``."""
    indicator = indicators.get(finding.indicator)
    name = indicator.name if indicator is not None else finding.indicator
    shown = level(finding.value, indicator) if indicator is not None else number(finding.value)
    return f"{name} in {_name(finding.area, names)} ({shown})"


def _revised(finding: Finding) -> str:
    """``12,900 rows against 13,000, -0.8%``."""
    change = (finding.value - finding.expected) / finding.expected if finding.expected else 1.0
    return f"{number(finding.value)} rows against {number(finding.expected)}, {change:+.1%}"
