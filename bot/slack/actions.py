"""The buttons on an alert: Acknowledge, Snooze 3 months, Breakdown by area.

Each listener acks first, then checks the allow-list, records what was done (and audits it),
and answers in the alert itself (acknowledge) or in its thread (snooze, breakdown).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.slack.authorization import denied_reply
from bot.slack.context import BotContext
from bot.use_cases import BASELINE_MONTHS, breakdown, stored_finding
from detectors.finding import Finding
from messages import actions as ids
from messages import query_replies as replies
from messages.acknowledged import acknowledged_message, snoozed_message
from messages.breakdown import breakdown_message
from messages.model import SlackMessage
from months import add_months
from storage import acknowledgements, audit
from storage.areas import area_name
from storage.catalogue import indicators

UNKNOWN = "unknown-alert"


@dataclass(frozen=True)
class Click:
    """The parts of a block_actions payload the bot uses."""

    action_id: str
    finding_id: str
    user_id: str
    channel_id: str
    message_ts: str
    thread_ts: str  # the alert's thread: the message itself unless it is a reply
    message: dict[str, Any]
    team_id: str = ""

    @classmethod
    def from_payload(cls, body: dict[str, Any], action: dict[str, Any]) -> Click:
        message = body.get("message") or {}
        ts = (body.get("container") or {}).get("message_ts") or message.get("ts", "")
        return cls(
            action_id=action.get("action_id", ""),
            finding_id=action.get("value", ""),
            user_id=(body.get("user") or {}).get("id", ""),
            channel_id=(body.get("channel") or {}).get("id", ""),
            message_ts=ts,
            thread_ts=message.get("thread_ts") or ts,
            message=message,
            team_id=(body.get("team") or {}).get("id", ""),
        )


Handler = Callable[[BotContext, Click, WebClient], str]


def register(app: App, context: BotContext) -> None:
    for action_id, handler in HANDLERS.items():
        _listen(app, context, action_id, handler)


def _listen(app: App, context: BotContext, action_id: str, handler: Handler) -> None:
    @app.action(action_id)
    def listener(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()
        click = Click.from_payload(body, action)
        outcome = "failed"
        try:
            allowed = context.authorizer.allows(click.user_id)
            outcome = handler(context, click, client) if allowed else "denied"
        finally:
            audit.record(
                context.db,
                audit.AuditEntry(
                    at=context.timestamp(),
                    user_id=click.user_id,
                    team_id=click.team_id,
                    channel_id=click.channel_id,
                    command=action_id,
                    text=click.finding_id,
                    outcome=outcome,
                ),
            )
        if outcome in ("denied", UNKNOWN):
            reply = (
                denied_reply()
                if outcome == "denied"
                else replies.unknown_alert_reply(click.finding_id)
            )
            respond(
                text=reply.text,
                blocks=reply.blocks,
                response_type="ephemeral",
                replace_original=False,
            )


def local_time(iso: str, zone: str) -> datetime:
    return datetime.fromisoformat(iso).astimezone(ZoneInfo(zone))


def _acknowledge(context: BotContext, click: Click, client: WebClient) -> str:
    recorded = acknowledgements.acknowledge(
        context.db,
        acknowledgements.Acknowledgement(
            finding_id=click.finding_id, user_id=click.user_id, at=context.timestamp()
        ),
    )
    updated = acknowledged_message(
        click.message.get("text", ""),
        click.message.get("blocks", []),
        user_id=recorded.user_id,
        at=local_time(recorded.at, context.settings.timezone),
    )
    client.chat_update(
        channel=click.channel_id, ts=click.message_ts, text=updated.text, blocks=updated.blocks
    )
    return "acknowledged"


def _in_thread(client: WebClient, click: Click, reply: SlackMessage) -> None:
    client.chat_postMessage(
        channel=click.channel_id,
        thread_ts=click.thread_ts,
        text=reply.text,
        blocks=reply.blocks,
        unfurl_links=False,
        unfurl_media=False,
    )


def _stored(context: BotContext, click: Click) -> Finding | None:
    return stored_finding(context.db, click.finding_id)


def _snooze(context: BotContext, click: Click, client: WebClient) -> str:
    finding = _stored(context, click)
    if finding is None:
        return UNKNOWN
    until = add_months(finding.as_of, ids.SNOOZE_MONTHS)
    acknowledgements.snooze(
        context.db,
        acknowledgements.Snooze(
            indicator=finding.indicator,
            area=finding.area,
            until_month=until,
            finding_id=click.finding_id,
            user_id=click.user_id,
            at=context.timestamp(),
        ),
    )
    subject = (
        f"{indicators(context.db)[finding.indicator].name} in {area_name(context.db, finding.area)}"
    )
    _in_thread(client, click, snoozed_message(click.user_id, subject, until))
    return "snoozed"


def _breakdown(context: BotContext, click: Click, client: WebClient) -> str:
    finding = _stored(context, click)
    if finding is None:
        return UNKNOWN
    indicator = indicators(context.db)[finding.indicator]
    with context.slow_work:
        reply = breakdown_message(
            indicator,
            area_name(context.db, finding.area),
            finding.month,
            breakdown(context.db, indicator, finding.area, finding.month),
            baseline_months=BASELINE_MONTHS,
        )
    _in_thread(client, click, reply)
    return "answered"


HANDLERS: dict[str, Handler] = {
    ids.ACKNOWLEDGE: _acknowledge,
    ids.SNOOZE: _snooze,
    ids.BREAKDOWN: _breakdown,
}
