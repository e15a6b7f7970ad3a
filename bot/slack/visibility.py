"""What a channel may be told about a stored finding, decided on the server for every click and
every query that names one.

A sensitive indicator's finding (asked for by its id, or as the latest for its indicator and
area) is seen only in the channels cleared for sensitive indicators
(``SCRUTINY_SENSITIVE_CHANNELS``, as alerts are routed: bot/delivery/routing.py). Elsewhere it
is answered exactly as an id nobody stored: ids are predictable, and a different answer would
confirm that the finding exists.
"""

from __future__ import annotations

from bot.slack.context import BotContext
from bot.use_cases import latest_finding, named
from messages.inputs import NamedFinding


def visible_finding(context: BotContext, channel_id: str, finding_id: str) -> NamedFinding | None:
    """The stored finding, if ``channel_id`` may see it; None when it may not, as when there is
    no such finding."""
    found = named(context.db, finding_id)
    if found is None or (found.indicator.sensitive and not context.sensitive_ok(channel_id)):
        return None
    return found


def visible_latest(
    context: BotContext, channel_id: str, indicator: str, area: str
) -> NamedFinding | None:
    """The latest finding for ``indicator`` in ``area``, if ``channel_id`` may see it; None when
    it may not, as when there is none."""
    found = latest_finding(context.db, indicator, area)
    if found is None or (found.indicator.sensitive and not context.sensitive_ok(channel_id)):
        return None
    return found
