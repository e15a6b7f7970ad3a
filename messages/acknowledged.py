"""An alert after its buttons: updated in place when acknowledged, a thread reply when snoozed."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from messages import actions as ids
from messages.blocks import Block, context, message
from messages.escaping import Mrkdwn, as_sent, escape_mrkdwn, mention
from messages.formats import month_long
from messages.limits import MAX_BLOCKS
from messages.model import SlackMessage

ACK_NOTE = "scrutiny_ack_note"  # block_id of the "Acknowledged by" line


def acknowledged_message(
    alert_text: str, alert_blocks: Sequence[dict[str, Any]], *, user_id: str, at: datetime
) -> SlackMessage:
    """The alert as Slack sent it back (``alert_text``, ``alert_blocks``), without its
    Acknowledge button, with one "Acknowledged by" line under it. ``at``: when, in local time.

    An earlier note is replaced, so acknowledging twice still shows one line."""
    note = Mrkdwn(
        f":white_check_mark: Acknowledged by {mention(user_id)} on "
        f"{escape_mrkdwn(at.strftime('%-d %b %Y %H:%M'))}"
    )
    kept: list[Block] = []
    for block in alert_blocks:
        if block.get("type") == "actions":
            rest = [e for e in block.get("elements", []) if e.get("action_id") != ids.ACKNOWLEDGE]
            if rest:
                kept.append({**block, "elements": rest})
        elif not (block.get("type") == "context" and block.get("block_id") == ACK_NOTE):
            kept.append(block)
    return message(
        as_sent(alert_text) if alert_text.strip() else note,
        [*kept[: MAX_BLOCKS - 1], {**context([note]), "block_id": ACK_NOTE}],
    )


def snoozed_message(user_id: str, subject: str, until_month: str) -> SlackMessage:
    """The thread reply to Snooze: who muted ``subject`` (e.g. "Robbery in Preston"), until when."""
    text = Mrkdwn(
        f":zzz: {mention(user_id)} snoozed {escape_mrkdwn(subject)}: no alerts or follow-ups "
        f"for it up to {escape_mrkdwn(month_long(until_month))}."
    )
    return message(text, [context([text])])
