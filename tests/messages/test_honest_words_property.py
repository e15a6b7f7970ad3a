"""Whatever the finding: no message says "exceptional", "step change" or "remains" of a month
its own figures contradict, and no p-value above 0.05 is printed under an exceptional headline.

The figures are read back independently of the wording code: a count is printed whole, its
upper limit as the largest whole count inside it and its lower one as the smallest."""

from __future__ import annotations

import math
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from messages.alert import alert_message
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
