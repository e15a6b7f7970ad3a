"""Findings in plain English: how unusual a month is, which rule it broke, why it fired.

Everything here returns plain text (no mrkdwn, no HTML): templates add layout and escaping.
"""

from __future__ import annotations

import math

from detectors.finding import Evidence, Finding
from detectors.rules import rule_wording
from messages.formats import (
    figure,
    level,
    month_long,
    month_short,
    percentage,
    plural,
    points,
    shown_lower,
)
from messages.model import IndicatorInfo
from months import months_between

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
    if r >= 1.05:
        return f"{percentage((r - 1) * 100)} above"
    if r > 0.95:
        return "close to"
    if r > 0.5:
        return f"{percentage((1 - r) * 100)} below"
    if r > 0:
        return "less than half" if r < 0.5 else "half"
    return "against"


def baseline_name(evidence: Evidence) -> str:
    """``three-year average`` for a 36-month baseline, as the report says; else its length."""
    if evidence.seasonal:
        return "seasonal average"
    if not (evidence.baseline_start and evidence.baseline_end):
        return "baseline average"
    months = months_between(evidence.baseline_start, evidence.baseline_end)
    return f"{_YEARS_IN_WORDS.get(months, f'{months}-month')} average"


def comparison(finding: Finding, indicator: IndicatorInfo) -> str:
    """``over twice the three-year average of 15.3`` (points apart for a proportion)."""
    average = f"the {baseline_name(finding.evidence)} of {level(finding.expected, indicator)}"
    if indicator.unit == "proportion":
        gap = finding.value - finding.expected
        if abs(gap) < 0.0005:
            return f"in line with {average}"
        return f"{points(gap)} {'above' if gap > 0 else 'below'} {average}"
    return f"{ratio_phrase(finding.value, finding.expected)} {average}"


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
        return f"two of the last three months {side} the warning limit of {level(bound, indicator)}"
    # A month beyond a limit, whichever rule (or follow-up) brought it here.
    if finding.value > limits.upper:
        return f"above the upper control limit of {level(limits.upper, indicator)}"
    if finding.value < shown_lower(limits, indicator):
        return (
            f"below the lower control limit of {level(shown_lower(limits, indicator), indicator)}"
        )
    return ""


def headline(finding: Finding) -> str:
    """The kind of finding in two or three words: ``Exceptionally high``, ``Step change down``."""
    up = finding.direction == "up"
    return {
        "exceptional": "Exceptionally high" if up else "Exceptionally low",
        "step-change": "Step change up" if up else "Step change down",
        "shift": "Sustained shift above average" if up else "Sustained shift below average",
        "trend": "Rising trend" if up else "Falling trend",
    }[finding.kind]


def is_worse(finding: Finding, indicator: IndicatorInfo) -> bool:
    return finding.direction == indicator.bad_direction


def figure_sentence(finding: Finding, indicator: IndicatorInfo) -> str:
    """The report's sentence: ``33 robberies in May 2017, over twice the three-year average of
    15.3; above the upper control limit of 24.``"""
    month = month_long(finding.month)
    if finding.kind == "step-change":
        now, before = level(finding.value, indicator), level(finding.expected, indicator)
        per_month = "" if indicator.unit == "proportion" else f" {indicator.noun} a month"
        return (
            f"From {month}: about {now}{per_month}, "
            f"{'up' if finding.direction == 'up' else 'down'} from {before} before."
        )
    clause = rule_clause(finding, indicator)
    return (
        f"{figure(finding.value, indicator)} in {month}, {comparison(finding, indicator)}"
        f"{'; ' + clause if clause else ''}."
    )


def why_items(finding: Finding, indicator: IndicatorInfo) -> list[str]:
    """Why it fired, one short item each: rule, baseline window, limits, caveats."""
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
            f"Limits: {level(shown_lower(limits, indicator), indicator)} to "
            f"{level(limits.upper, indicator)}, average {level(limits.centre, indicator)}, "
            f"warning {level(near_low, indicator)} to {level(limits.near_upper, indicator)}"
        )
    if ev.trial_limits:
        items.append("Trial limits: fewer than 12 months of baseline, treat with caution")
    if ev.seasonal:
        items.append("Seasonal baseline: compared with the same month in earlier years")
    if ev.p_value is not None:
        tested = (
            f"{ev.tests_in_run:,} tests in this run" if ev.tests_in_run else "the number of tests"
        )
        items.append(f"p = {ev.p_value:.2g}, adjusted for {tested}")
    if ev.note:
        items.append(ev.note)
    return items


# Any month of an episode ----------------------------------------------------------------------


def status_headline(finding: Finding) -> str:
    """A new finding's headline (``Exceptionally high``); for later months of its episode,
    ``Remains exceptional`` / ``Back within limits`` and their kin for the other kinds."""
    if finding.status == "new":
        return headline(finding)
    continuing = {
        "exceptional": "Remains exceptional",
        "shift": "Shift continues",
        "trend": "Trend continues",
        "step-change": "Still at the new level",
    }
    ended = {
        "exceptional": "Back within limits",
        "shift": "Shift has ended",
        "trend": "Trend has ended",
        "step-change": "No longer at the new level",
    }
    return (ended if finding.status == "ended" else continuing)[finding.kind]


def status_sentence(finding: Finding, indicator: IndicatorInfo) -> str:
    """A new or continuing month reads like the alert; an ended one says where the month fell."""
    if finding.status != "ended":
        return figure_sentence(finding, indicator)
    month_figure = f"{figure(finding.value, indicator)} in {month_long(finding.month)}"
    if finding.limits is not None:
        return (
            f"{month_figure}, within the control limits of "
            f"{level(shown_lower(finding.limits, indicator), indicator)} to "
            f"{level(finding.limits.upper, indicator)}."
        )
    average = f"{baseline_name(finding.evidence)} of {level(finding.expected, indicator)}"
    return f"{month_figure}, against the {average}."


def summary_line(finding: Finding, indicator: IndicatorInfo, area_name: str) -> str:
    """One plain line for lists and logs: ``Robbery in South Division: Exceptionally high. 33
    robberies in May 2017, over twice the three-year average of 15.3; above ...``"""
    return (
        f"{indicator.name} in {area_name}: {status_headline(finding)}. "
        f"{status_sentence(finding, indicator)}"
    )
