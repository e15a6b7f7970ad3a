"""Findings in plain English: how unusual a month is, which rule it broke, why it fired.

Everything here returns plain text (no mrkdwn, no HTML): templates add layout and escaping.
"""

from __future__ import annotations

import math

from detectors.data_quality import DATA_CHECKS
from detectors.finding import Evidence, Finding, YearOnYear
from detectors.month_average import MonthAverage
from detectors.rules import rule_wording
from messages.formats import (
    figure,
    level,
    lower_shown,
    month_long,
    month_short,
    percentage,
    plural,
    points,
    shown_lower,
    upper_shown,
    value_shown,
)
from messages.in_year import year_on_year_sentence
from messages.model import IndicatorInfo
from months import months_between

# A p-value above this would argue against the alert it is printed under.
SIGNIFICANT = 0.05
_SMALL_NUMBER_WORDS = {
    2: "twice",
    3: "three times",
    4: "four times",
    5: "five times",
    6: "six times",
    7: "seven times",
    8: "eight times",
    9: "nine times",
    10: "ten times",
}
_YEARS_IN_WORDS = {
    12: "one-year",
    24: "two-year",
    36: "three-year",
    48: "four-year",
    60: "five-year",
}
METHODS = {
    "xmr": "XmR chart",
    "poisson-xmr": "XmR chart with Poisson-aware limits",
    "poisson": "Poisson limits for small counts",
    "seasonal-xmr": "XmR chart on a seasonal baseline",
    "pelt": "change-point detection",
    "run-rule": "run rule",
}


# Findings -------------------------------------------------------------------------------------


def ratio_phrase(value: float, expected: float) -> str:
    """How ``value`` compares with ``expected``, ending where "the average" follows.

    ``33`` vs ``15.3`` -> ``over twice``; ``21`` vs ``15.3`` -> ``37% above``.
    """
    if expected <= 0 or not math.isfinite(value / expected):
        return "against"
    r = value / expected
    if r >= 2:
        n = int(r)
        times = _SMALL_NUMBER_WORDS.get(n, f"{n:,} times")
        return times if r - n < 0.05 else f"over {times}"
    if r >= 1.9:
        return "nearly twice"
    if r >= 1.0005:
        return f"{percentage((r - 1) * 100)} above"
    if r > 0.9995:
        return "in line with"
    if r > 0.5:
        return f"{percentage((1 - r) * 100)} below"
    if r > 0:
        return "less than half" if r < 0.5 else "half"
    return "against"


def baseline_months(evidence: Evidence) -> int | None:
    """Months in the baseline window (first to last month), None when it is not known."""
    if not (evidence.baseline_start and evidence.baseline_end):
        return None
    return months_between(evidence.baseline_start, evidence.baseline_end)


def baseline_name(evidence: Evidence) -> str:
    """``three-year average`` for a 36-month baseline, as the report says; else its length."""
    if evidence.seasonal:
        return "seasonal average"
    months = baseline_months(evidence)
    if months is None:
        return "baseline average"
    return f"{_YEARS_IN_WORDS.get(months, f'{months}-month')} average"


def average_phrase(evidence: Evidence, shown: str) -> str:
    """The average a month is compared with, named for what it is: ``the three-year average
    of 15.3`` only for a 36-month baseline; else why it starts where it does (``the average of
    15.3 since the April 2017 counting change``)."""
    if evidence.seasonal:
        return f"the seasonal average of {shown}"
    return named_average(
        shown, evidence.baseline_start, evidence.baseline_end, evidence.baseline_since
    )


def named_average(shown: str, start: str | None, end: str | None, since: str) -> str:
    """An average over the months ``start`` to ``end``, named as average_phrase names it."""
    if start and since == "counting-change":
        return f"the average of {shown} since the {month_long(start)} counting change"
    if start and since == "step-change":
        return f"the average of {shown} since the step change in {month_long(start)}"
    if start and since == "data-start":
        return f"the average of {shown} since {month_long(start)}"
    months = months_between(start, end) if start and end else None
    if months == 36:
        return f"the three-year average of {shown}"
    if months is None:
        return f"the average of {shown}"
    return f"the average of {shown} over the {months} months to {month_long(end or '')}"


def against_average(average: MonthAverage, indicator: IndicatorInfo) -> str:
    """``against the three-year average of 14.5 a month``: ``show``'s month beside the months
    before it (a count's average is so many a month; a headcount's or a share's is a level)."""
    shown = level(average.average, indicator)
    if indicator.unit == "count" and average.measure == "flow":
        shown += " a month"
    return f"against {named_average(shown, average.first, average.last, average.since)}"


def baseline_span(evidence: Evidence) -> str:
    """What the limits were drawn from, for the method line: ``the last three years``."""
    start, since = evidence.baseline_start, evidence.baseline_since
    if start and since == "counting-change":
        return f"the months since the {month_long(start)} counting change"
    if start and since == "step-change":
        return f"the months since the step change in {month_long(start)}"
    if start and since == "data-start":
        return f"the months since {month_long(start)}"
    months = baseline_months(evidence)
    if months == 36:
        return "the last three years"
    return "the baseline" if months is None else f"the last {plural(months, 'month')}"


def comparison(finding: Finding, indicator: IndicatorInfo) -> str:
    """``over twice the three-year average of 15.3`` (points apart for a proportion)."""
    average = average_phrase(finding.evidence, level(finding.expected, indicator))
    if indicator.unit == "proportion":
        gap = finding.value - finding.expected
        if abs(gap) < 0.0005:
            return f"in line with {average}"
        return f"{points(gap)} {'above' if gap > 0 else 'below'} {average}"
    return f"{ratio_phrase(finding.value, finding.expected)} {average}"


# Limits as whole numbers --------------------------------------------------------------------


def month_figure(value: float, indicator: IndicatorInfo) -> str:
    return figure(value_shown(value, indicator), indicator)


def beyond(
    finding: Finding, indicator: IndicatorInfo | None = None, side: str | None = None
) -> bool:
    """Whether the month is beyond the control limit on ``side`` (the finding's direction by
    default), both in fact and as printed (with ``indicator``); without limits, whether it is
    on that side of the average."""
    up = (side or finding.direction) == "up"
    limits, value = finding.limits, finding.value
    if limits is None:
        return value > finding.expected if up else value < finding.expected
    if indicator is None:
        return value > limits.upper if up else value < limits.lower
    shown = value_shown(value, indicator)
    if up:
        return value > limits.upper and shown > upper_shown(limits, indicator)
    low = shown_lower(limits, indicator)
    return value < low and shown < lower_shown(limits, indicator)


def on_side(finding: Finding) -> bool:
    """Whether the month is on the finding's side of the average."""
    gap = finding.value - finding.expected
    return gap > 0 if finding.direction == "up" else gap < 0


def rule_clause(finding: Finding, indicator: IndicatorInfo) -> str:
    """Which rule the month broke, with the limit it crossed; empty when no rule applies (a
    follow-up month inside the limits)."""
    ev, limits, up = finding.evidence, finding.limits, finding.direction == "up"
    side = "above" if up else "below"
    if ev.rule in ("shift", "trend"):
        run = f"{side} the average" if ev.rule == "shift" else ("rising" if up else "falling")
        if ev.run_length and ev.start_month:
            months = plural(ev.run_length, "month")
            return f"{run} for {months} in a row, since {month_long(ev.start_month)}"
        return f"{run} for at least seven months in a row"
    if limits is None:
        return ""
    if ev.rule == "2-of-3":
        bound = limits.near_upper if up else limits.near_lower
        if indicator.unit == "count" and math.isfinite(bound):
            bound = math.floor(bound) if up else max(math.ceil(bound), 0)
        return f"two of the last three months {side} the warning limit of {level(bound, indicator)}"
    # A month beyond a limit, whichever rule (or follow-up) brought it here.
    if beyond(finding, indicator, "up"):
        return (
            f"above the upper control limit of {level(upper_shown(limits, indicator), indicator)}"
        )
    if beyond(finding, indicator, "down"):
        return (
            f"below the lower control limit of {level(lower_shown(limits, indicator), indicator)}"
        )
    return ""


def headline(finding: Finding, indicator: IndicatorInfo | None = None) -> str:
    """The kind of finding in a few words: ``Exceptionally high``, ``Step change up``. Never
    more than its own figures show: a month inside its limits is ``Unusually high`` (two of
    three near the limit); a new level not beyond the old one is a ``Change in level``."""
    up = finding.direction == "up"
    if finding.kind == "exceptional":
        if beyond(finding, indicator):
            return "Exceptionally high" if up else "Exceptionally low"
        if on_side(finding):
            return "Unusually high" if up else "Unusually low"
        return "Unusual run of months"
    if finding.kind == "step-change":
        return f"Step change {'up' if up else 'down'}" if on_side(finding) else "Change in level"
    return {
        "shift": "Sustained shift above average" if up else "Sustained shift below average",
        "trend": "Rising trend" if up else "Falling trend",
        "data-quality": "Data check",
    }[finding.kind]


def headline_month(finding: Finding) -> str:
    """The month an alert is headed with: a step change's is the month it was confirmed."""
    return finding.as_of if finding.kind == "step-change" else finding.month


def is_worse(finding: Finding, indicator: IndicatorInfo) -> bool:
    return finding.direction == indicator.bad_direction


def figure_sentence(finding: Finding, indicator: IndicatorInfo) -> str:
    """The report's sentence: ``33 robberies in May 2017, over twice the three-year average of
    15.3; above the upper control limit of 24.``"""
    month = month_long(finding.month)
    if finding.kind == "step-change":
        now, before = level(finding.value, indicator), level(finding.expected, indicator)
        per_month = "" if indicator.unit == "proportion" else f" {indicator.noun} a month"
        moved = "up" if finding.value > finding.expected else "down"
        if finding.value == finding.expected:
            return f"About {now}{per_month} since {month}, as before."
        return f"About {now}{per_month} since {month}, {moved} from {before} before."
    clause = rule_clause(finding, indicator)
    return (
        f"{month_figure(finding.value, indicator)} in {month}, {comparison(finding, indicator)}"
        f"{'; ' + clause if clause else ''}."
    )


def why_items(finding: Finding, indicator: IndicatorInfo) -> list[str]:
    """Why it fired, in full (``explain``): rule, baseline window, limits, the test, caveats."""
    ev, limits = finding.evidence, finding.limits
    # Every rule detectors report has wording (tests/detectors/test_rules.py); a name from an
    # older version's stored finding is shown as it is.
    rule = rule_wording(ev.rule) or ev.rule
    items = [f"Rule: {rule}, {METHODS.get(ev.method, ev.method)}"]
    if ev.baseline_start and ev.baseline_end:
        items.append(
            f"Baseline: {month_short(ev.baseline_start)} to {month_short(ev.baseline_end)}"
            f" ({ev.baseline_points} months with data)"
        )
    if limits is not None:
        near_low = max(limits.near_lower, shown_lower(limits, indicator))
        items.append(
            f"Limits: {level(lower_shown(limits, indicator), indicator)} to "
            f"{level(upper_shown(limits, indicator), indicator)}, average "
            f"{level(limits.centre, indicator)}, warning {level(near_low, indicator)} to "
            f"{level(limits.near_upper, indicator)}"
        )
    items += _caveats(ev)
    # A p-value is printed only where it supports the headline: one above 0.05 (the whole
    # run's adjustment, under a per-level budget) would argue against an alert that passed.
    if ev.p_value is not None and ev.p_value <= SIGNIFICANT:
        tested = (
            f"{ev.tests_in_run:,} tests in this run" if ev.tests_in_run else "the number of tests"
        )
        items.append(f"p = {ev.p_value:.2g}, adjusted for {tested}")
    if ev.note:
        items.append(ev.note)
    return items


def _caveats(ev: Evidence) -> list[str]:
    items = []
    if ev.trial_limits:
        items.append("Trial limits: fewer than 12 months of baseline, treat with caution")
    if ev.seasonal:
        items.append("Seasonal baseline: compared with the same month in earlier years")
    return items


def method_line(finding: Finding) -> str:
    """How it was found, in one plain line: ``Beyond the range expected from the last three
    years``."""
    ev = finding.evidence
    span = baseline_span(ev)
    season = " for the time of year" if ev.seasonal else ""
    if ev.rule in ("beyond-limit", "remains-exceptional"):
        line = f"Beyond the range expected{season} from {span}"
    elif ev.rule == "2-of-3":
        line = (
            f"Two of the last three months near the edge of the range expected{season} from {span}"
        )
    elif ev.rule == "step-change":
        line = "A lasting change in level, found by change-point detection"
    else:
        wording = rule_wording(ev.rule) or ev.rule
        line = wording[:1].upper() + wording[1:]
    if ev.trial_limits:
        line += " (trial limits: under a year of history, treat with caution)"
    return line


def alert_items(finding: Finding) -> list[str]:
    """The small print under an alert: the method in one line and the data's caveat; the rest
    (baseline months, limits, the test) is in ``explain``."""
    return [method_line(finding), *([finding.evidence.note] if finding.evidence.note else [])]


def in_year_line(finding: Finding, yoy: YearOnYear | None, indicator: IndicatorInfo) -> str:
    """The In Year line beside a finding, never against it: where the 12 months move the
    other way, it says why both hold (most of the year is before the change), or, when it
    cannot, it is left out."""
    if yoy is None:
        return ""
    sentence = year_on_year_sentence(yoy, indicator)
    against = (yoy.change > 0 and finding.direction == "down") or (
        yoy.change < 0 and finding.direction == "up"
    )
    if not against:
        return sentence
    start = finding.month
    if finding.kind in ("shift", "trend") and finding.evidence.start_month:
        start = finding.evidence.start_month
    since = min(max(months_between(start, yoy.as_of), 0), 12)
    if since == 0 or since > 6:
        return ""  # the year is mostly after the change and still goes the other way
    moved = "rise" if finding.direction == "up" else "fall"
    months = "1 month is" if since == 1 else f"{since} months are"
    return (
        f"{sentence} Both hold: {months} from {month_long(start)} on, the rest of the 12 "
        f"from before the {moved}."
    )


# Any month of an episode ----------------------------------------------------------------------


def status_headline(finding: Finding, indicator: IndicatorInfo | None = None) -> str:
    """A new finding's headline (``Exceptionally high``); for later months of its episode,
    ``Remains exceptional`` / ``Back within limits`` and their kin for the other kinds, each
    only when the month's own figures show it."""
    if finding.status == "new":
        return headline(finding, indicator)
    up = finding.direction == "up"
    if finding.kind == "exceptional":
        if finding.status == "continuing":
            if beyond(finding, indicator):
                return "Remains exceptional"
            if on_side(finding):
                return "Still high, inside the limits" if up else "Still low, inside the limits"
            return "Back near the average"
        outside = finding.limits is not None and (
            beyond(finding, indicator, "up") or beyond(finding, indicator, "down")
        )
        return "Episode over" if outside else "Back within limits"
    continuing = {
        "shift": "Shift continues",
        "trend": "Trend continues",
        "step-change": "Still at the new level",
        "data-quality": "Data check",
    }
    ended = {
        "shift": "Shift has ended",
        "trend": "Trend has ended",
        "step-change": "No longer at the new level",
        "data-quality": "Data check",
    }
    return (ended if finding.status == "ended" else continuing)[finding.kind]


def status_sentence(finding: Finding, indicator: IndicatorInfo) -> str:
    """A new or continuing month reads like the alert; an ended one says where the month fell."""
    if finding.status != "ended":
        return figure_sentence(finding, indicator)
    month_text = f"{month_figure(finding.value, indicator)} in {month_long(finding.month)}"
    if finding.limits is not None:
        outside = beyond(finding, indicator, "up") or beyond(finding, indicator, "down")
        return (
            f"{month_text}, {'against' if outside else 'within'} the control limits of "
            f"{level(lower_shown(finding.limits, indicator), indicator)} to "
            f"{level(upper_shown(finding.limits, indicator), indicator)}."
        )
    average = average_phrase(finding.evidence, level(finding.expected, indicator))
    return f"{month_text}, against {average}."


def summary_line(finding: Finding, indicator: IndicatorInfo, area_name: str) -> str:
    """One plain line for lists and logs: ``Robbery in South Division: Exceptionally high. 33
    robberies in May 2017, over twice the three-year average of 15.3; above ...``; a data
    problem in the words of its notice (its figures are rows or shares, not the indicator's)."""
    if finding.kind == "data-quality":
        what = DATA_CHECKS.get(finding.evidence.rule, finding.evidence.rule)
        note = finding.evidence.note
        return f"Data check, {area_name}, {month_long(finding.month)}: {what}" + (
            f"; {note}." if note else "."
        )
    return (
        f"{indicator.name} in {area_name}: {status_headline(finding, indicator)}. "
        f"{status_sentence(finding, indicator)}"
    )
