"""Whatever the finding: no message says "exceptional", "step change" or "remains" of a month
its own figures contradict, and no p-value above 0.05 is printed under an exceptional headline.

The figures are read back independently of the wording code: a count is printed whole, its
upper limit as the largest whole count inside it and its lower one as the smallest."""

from __future__ import annotations

import math
import re
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detectors.events import Event
from messages.alert import alert_message
from messages.event_alert import event_alert_message, event_follow_up_message
from messages.follow_up import follow_up_message
from messages.plain_text import to_plain_text
from messages.query_replies import explain_reply
from tests.messages.strategies import findings, indicators, year_on_year

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
P_VALUE = re.compile(r"\bp = ([0-9.e+-]+)")


def _above(finding, indicator) -> bool:
    limits = finding.limits
    if limits is None:
        return finding.value > finding.expected
    if indicator.unit != "count":
        return finding.value > limits.upper
    return finding.value > limits.upper and round(finding.value) > math.floor(limits.upper)


def _below(finding, indicator) -> bool:
    limits = finding.limits
    if limits is None:
        return finding.value < finding.expected
    if indicator.unit != "count":
        return finding.value < limits.lower
    low = max(limits.lower, 0.0)
    return finding.value < low and round(finding.value) < math.ceil(low)


def _check(text: str, finding, indicator) -> None:
    if "Exceptionally high" in text:
        assert _above(finding, indicator), text
    if "Exceptionally low" in text:
        assert _below(finding, indicator), text
    if "Remains exceptional" in text:
        side = _above if finding.direction == "up" else _below
        assert side(finding, indicator), text
    if "Step change up" in text:
        assert finding.value > finding.expected, text
    if "Step change down" in text:
        assert finding.value < finding.expected, text
    if "Exceptionally" in text:
        for printed in P_VALUE.findall(text):
            assert float(printed.rstrip(".")) <= 0.05, text


@PROPERTY
@given(finding=findings(), indicator=indicators(), data=st.data())
def test_no_message_contradicts_its_own_figures(finding, indicator, data):
    yoy = data.draw(st.none() | year_on_year(indicator.unit))
    area = "South Division"
    messages = [
        alert_message(finding, indicator, area, year_on_year=yoy),
        explain_reply(finding, indicator, area, year_on_year=yoy),
    ]
    if finding.status != "new":
        messages.append(follow_up_message(finding, indicator, area))
    for message in messages:
        _check(to_plain_text(message), finding, indicator)


NAMES = {"lancashire": "Lancashire", "east": "East Division", "west": "West Division"}
CLAIMS = ("exceptionally high", "exceptionally low", "remains exceptional", "step change")
BEYOND = "beyond the expected range"  # said of a month beyond its limits, on its side


def _division(finding, area: str, **changes):
    return replace(finding, indicator="burglary", area=area, **changes)


def _check_each_area(text: str, lead, others, indicator) -> None:
    """Every claim is checked against the figures of the area it is said of: a line naming
    divisions speaks of those divisions (a force-wide headline, an "Also: ..." line, a division's
    own line); a line naming none, of the lead (the alert's own headline)."""
    by_name = {NAMES[f.area]: f for f in (lead, *others)}
    for line in text.splitlines():
        lowered = line.lower()
        if not any(claim in lowered for claim in (*CLAIMS, BEYOND)):
            continue
        # "West Division exceptionally high (30 against 15); ...": each part its own area.
        for part in lowered.split(";") if ";" in lowered else [lowered]:
            said_of = [f for name, f in by_name.items() if name.lower() in part] or [lead]
            for finding in said_of:
                _check(_claims_in(part), finding, indicator)
                if BEYOND in part:
                    side = _above if finding.direction == "up" else _below
                    assert side(finding, indicator), text


def _claims_in(part: str) -> str:
    """A part of a line with its claims in the capitalised form ``_check`` reads."""
    for claim in CLAIMS:
        part = part.replace(claim, claim.capitalize())
    return part


@PROPERTY
@given(
    lead=findings(),
    other=findings(),
    indicator=indicators(),
    force_wide=st.booleans(),
)
def test_no_event_alert_contradicts_its_findings_figures(lead, other, indicator, force_wide):
    lead = _division(lead, "east", status="new")
    other = _division(other, "west", status="new", direction=lead.direction)
    event = Event(lead.id, lead, "new", members=(other,), force_wide=force_wide)
    text = to_plain_text(event_alert_message(event, {"burglary": indicator}, NAMES))
    _check_each_area(text, lead, [other], indicator)


@PROPERTY
@given(lead=findings(), joined=findings(), indicator=indicators())
def test_no_event_follow_up_contradicts_its_findings_figures(lead, joined, indicator):
    lead = _division(lead, "east", status=lead.status if lead.status != "new" else "continuing")
    joined = _division(joined, "west", status="new", direction=lead.direction)
    event = Event("burglary:east:up:2022-01:2022-01", lead, lead.status, members=(joined,))
    text = to_plain_text(event_follow_up_message(event, {"burglary": indicator}, NAMES))
    _check_each_area(text, lead, [joined], indicator)
