"""Whatever the data: every message is within the Block Kit limits and nothing from the data
reaches Slack unescaped (``<!channel>`` in an area name must not ping a channel)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from messages import query_replies as replies
from messages.acknowledged import acknowledged_message, snoozed_message
from messages.alert import alert_message
from messages.breakdown import breakdown_message
from messages.digest import digest_messages
from messages.escaping import is_escaped
from messages.follow_up import follow_up_message
from messages.inputs import AreaFigure, AreaMonth, IndicatorFigures, NamedFinding, Told
from messages.limits import violations
from messages.model import SlackMessage
from tests.messages.samples import robbery_series
from tests.messages.strategies import findings, indicators, months, names, year_on_year

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def slack_texts(value: Any) -> list[str]:
    """Every text Slack parses: each ``text`` string in the blocks (buttons' ``value`` and
    ``action_id`` are ids, never shown)."""
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            found += [item] if key == "text" and isinstance(item, str) else slack_texts(item)
    elif isinstance(value, list):
        for item in value:
            found += slack_texts(item)
    return found


def assert_sendable(message: SlackMessage, *, mentioning: str | None = None) -> None:
    """Within the limits and escaped; ``mentioning``: a user the message may ping on purpose
    (``<@U123>``, made only from a real user id)."""
    assert violations(message) == []
    for whole in [message.text, *slack_texts(message.blocks)]:
        text = whole if mentioning is None else whole.replace(f"<@{mentioning}>", "")
        assert is_escaped(text), text[:200]


@FAST
@given(indicator=indicators(), finding=findings(), area=names, data=st.data())
def test_alerts_and_follow_ups(indicator, finding, area, data):
    yoy = data.draw(st.none() | year_on_year(indicator.unit))
    alert = alert_message(
        finding, indicator, area, year_on_year=yoy, can_break_down=data.draw(st.booleans())
    )
    assert_sendable(alert)
    acknowledged = acknowledged_message(
        alert.text, alert.blocks, user_id=area, at=datetime(2022, 1, 3, tzinfo=UTC)
    )
    assert_sendable(acknowledged, mentioning=area)
    later = datetime(2030, 12, 31, 23, 59, tzinfo=UTC)
    again = acknowledged_message(acknowledged.text, acknowledged.blocks, user_id="U123", at=later)
    assert_sendable(again, mentioning="U123")
    snoozed = snoozed_message(area, f"{indicator.name} in {area}", finding.month)
    assert_sendable(snoozed, mentioning=area)
    if finding.status != "new":
        assert_sendable(
            follow_up_message(
                finding, indicator, area, month_number=data.draw(st.none() | st.integers(1, 500))
            )
        )
    assert_sendable(replies.explain_reply(finding, indicator, area, year_on_year=yoy))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data(), month=months, force=names, allow_sensitive=st.booleans())
def test_digests_of_any_size(data, month, force, allow_sensitive):
    figures, found = [], []
    for indicator in data.draw(st.lists(indicators(), max_size=60)):
        areas = tuple(
            AreaFigure(name, data.draw(year_on_year(indicator.unit)))
            for name in data.draw(st.lists(names, min_size=1, max_size=5))
        )
        figures.append(IndicatorFigures(indicator, areas))
        found += [
            NamedFinding(f, indicator, data.draw(names))
            for f in data.draw(st.lists(findings(indicator.slug), max_size=3))
        ]
    told = Told(
        alerts=tuple(n for n in found if n.finding.status == "new"),
        follow_ups=tuple(n for n in found if n.finding.status != "new"),
    )
    for message in digest_messages(month, force, figures, told, allow_sensitive=allow_sensitive):
        assert_sendable(message)


@FAST
@given(data=st.data(), area=st.none() | names, allow_sensitive=st.booleans())
def test_alert_lists_of_any_length(data, area, allow_sensitive):
    # A few random alerts repeated: long lists without drawing hundreds of random findings.
    drawn = [
        NamedFinding(data.draw(findings()), data.draw(indicators()), data.draw(names))
        for _ in range(data.draw(st.integers(0, 6)))
    ]
    items = drawn * data.draw(st.integers(1, 30))
    assert_sendable(replies.alerts_reply(items, area_name=area, allow_sensitive=allow_sensitive))


@FAST
@given(
    given_text=names,
    known=st.lists(names, max_size=30),
    indicator=indicators(),
    area=names,
    month=months,
    listed=st.lists(indicators(), max_size=60),
    allow_sensitive=st.booleans(),
)
def test_replies_to_anything_typed(
    given_text, known, indicator, area, month, listed, allow_sensitive
):
    for message in (
        replies.unknown_command_reply(given_text, known),
        replies.unknown_indicator_reply(given_text, known),
        replies.unknown_area_reply(given_text, known),
        replies.unknown_alert_reply(given_text),
        replies.bad_month_reply(given_text),
        replies.sensitive_reply(indicator),
        replies.no_data_reply(indicator, area, month),
        replies.error_reply(given_text),
        replies.indicators_reply(listed, allow_sensitive=allow_sensitive),
        replies.areas_reply([(k, k) for k in known]),
        replies.subscription_reply(allow_sensitive, given_text, area),
    ):
        assert_sendable(message)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    indicator=indicators(),
    area=names,
    month=months,
    open_findings=st.lists(findings(), max_size=3),
    data=st.data(),
)
def test_indicator_replies_with_their_charts(indicator, area, month, open_findings, data):
    yoy = data.draw(st.none() | year_on_year(indicator.unit))
    series = robbery_series(last=month, months=data.draw(st.integers(16, 60)))
    reply = replies.indicator_reply(
        indicator, area, area, month, series, year_on_year=yoy, open_findings=open_findings
    )
    assert_sendable(reply)
    assert reply.chart is not None and len(reply.chart.alt_text) <= 2000


@FAST
@given(
    indicator=indicators(),
    area=names,
    month=months,
    data=st.data(),
)
def test_breakdowns_of_any_size(indicator, area, month, data):
    figures = st.floats(0, 1e7) | st.just(float("nan"))
    drawn = data.draw(st.lists(st.builds(AreaMonth, names, figures, figures), max_size=8))
    rows = drawn * data.draw(st.integers(1, 12))
    assert_sendable(breakdown_message(indicator, area, month, rows, baseline_months=36))
