"""The buttons on an alert: Acknowledge, Snooze 3 months, Breakdown by area.

Each listener acks first, then checks on the server what the click refers to: the user is on
the allow-list, the finding is stored and this channel may see it (bot/slack/visibility.py), and
the message clicked is the alert the bot posted for it in this channel. A refused click gets one
reply, to the clicker alone, that says no more than an unknown id would, and stores nothing but
its audit row. An allowed one is recorded only once it took effect: Slack accepted the update
(acknowledge) or the thread reply (snooze) first. The breakdown is slow work, queued
(bot/slack/slow_work.py). Every click is audited with what came of it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.slack.apology import apologise
from bot.slack.authorization import denied_reply
from bot.slack.context import BotContext
from bot.slack.visibility import visible_finding
from bot.use_cases import BASELINE_MONTHS, breakdown
from messages import actions as ids
from messages import query_replies as replies
from messages.acknowledged import acknowledged_message, snoozed_message
from messages.breakdown import breakdown_message
from messages.inputs import NamedFinding
from messages.model import SlackMessage
from months import add_months
from storage import acknowledgements, audit, outbox
from storage.catalogue import indicators
from storage.outbox import Delivery

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


@dataclass(frozen=True)
class Target:
    """What an allowed click refers to, as the server knows it."""

    found: NamedFinding
    alert: Delivery  # the alert message the bot posted for it in the click's channel


@dataclass(frozen=True)
class Refusal:
    outcome: str  # for the audit log
    reply: SlackMessage  # to the clicker alone


Handler = Callable[[BotContext, Click, Target, WebClient], str]


def register(app: App, context: BotContext) -> None:
    for action_id, handler in HANDLERS.items():
        _listen(app, context, action_id, handler)


def _listen(app: App, context: BotContext, action_id: str, handler: Handler) -> None:
    @app.action(action_id)
    def listener(
        ack: Ack, body: dict[str, Any], action: dict[str, Any], client: WebClient, respond: Respond
    ) -> None:
        ack()  # first, and then the listener is free: the rest runs on the intake
        click = Click.from_payload(body, action)
        context.slow_work.intake(
            lambda: take(context, click, handler, client, respond),
            on_failure=lambda: apologise(respond),
        )


def take(
    context: BotContext, click: Click, handler: Handler, client: WebClient, respond: Respond
) -> None:
    """Refuse the click, do what it asks, or queue it (slow), or say the queue is full."""
    target = checked(context, click)
    if isinstance(target, Refusal):
        _audit(context, click, target.outcome)
        _tell(respond, target.reply)
        return

    def run() -> None:
        outcome = "failed"
        try:
            outcome = handler(context, click, target, client)
        finally:
            _audit(context, click, outcome)

    if click.action_id not in SLOW:
        run()
    elif not context.slow_work.submit(click.user_id, run, on_failure=lambda: apologise(respond)):
        _audit(context, click, "busy")
        _tell(respond, replies.busy_reply())


def checked(context: BotContext, click: Click) -> Target | Refusal:
    """What the click refers to, or why it is refused: an id never stored, a finding this
    channel may not see and a message that is not its alert here are refused alike."""
    if not context.authorizer.allows(click.user_id):
        return Refusal("denied", denied_reply())
    found = visible_finding(context, click.channel_id, click.finding_id)
    alert = outbox.sent_message(context.db, click.channel_id, click.message_ts)
    if found is None or alert is None or alert.finding_id != click.finding_id:
        return Refusal(UNKNOWN, replies.unknown_alert_reply(click.finding_id))
    return Target(found, alert)


def _audit(context: BotContext, click: Click, outcome: str) -> None:
    audit.record(
        context.db,
        audit.AuditEntry(
            at=context.timestamp(),
            user_id=click.user_id,
            team_id=click.team_id,
            channel_id=click.channel_id,
            command=click.action_id,
            text=click.finding_id,
            outcome=outcome,
        ),
    )


def _tell(respond: Respond, reply: SlackMessage) -> None:
    respond(text=reply.text, blocks=reply.blocks, response_type="ephemeral", replace_original=False)


def local_time(iso: str, zone: str) -> datetime:
    return datetime.fromisoformat(iso).astimezone(ZoneInfo(zone))


def _acknowledge(context: BotContext, click: Click, target: Target, client: WebClient) -> str:
    """The alert is updated first, and the acknowledgement stored only once Slack accepted it
    (a refusal raises, and nothing is stored). The first acknowledgement stands."""
    first = acknowledgements.acknowledgement(context.db, click.finding_id)
    mine = first or acknowledgements.Acknowledgement(
        finding_id=click.finding_id, user_id=click.user_id, at=context.timestamp()
    )
    _show_acknowledged(context, client, click, target.alert, mine)
    if first is None:
        recorded = acknowledgements.acknowledge(context.db, mine)
        if recorded != mine:  # another click was stored in between: show whose stands
            _show_acknowledged(context, client, click, target.alert, recorded)
    return "acknowledged"


def _show_acknowledged(
    context: BotContext,
    client: WebClient,
    click: Click,
    alert: Delivery,
    ack: acknowledgements.Acknowledgement,
) -> None:
    # From the alert as the bot posted it, never from the click's copy of the message.
    updated = acknowledged_message(
        alert.text,
        alert.blocks,
        user_id=ack.user_id,
        at=local_time(ack.at, context.settings.timezone),
    )
    # The click's message is the alert: ``checked`` found it by this channel and ts.
    client.chat_update(
        channel=click.channel_id, ts=click.message_ts, text=updated.text, blocks=updated.blocks
    )


def _in_thread(client: WebClient, click: Click, reply: SlackMessage) -> None:
    client.chat_postMessage(
        channel=click.channel_id,
        thread_ts=click.thread_ts,
        text=reply.text,
        blocks=reply.blocks,
        unfurl_links=False,
        unfurl_media=False,
    )


def _snooze(context: BotContext, click: Click, target: Target, client: WebClient) -> str:
    """Said in the thread first, stored once Slack accepted it."""
    finding = target.found.finding
    until = add_months(finding.as_of, ids.SNOOZE_MONTHS)
    subject = f"{target.found.indicator.name} in {target.found.area_name}"
    _in_thread(client, click, snoozed_message(click.user_id, subject, until))
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
    return "snoozed"


def _breakdown(context: BotContext, click: Click, target: Target, client: WebClient) -> str:
    finding = target.found.finding
    indicator = indicators(context.db)[finding.indicator]
    reply = breakdown_message(
        indicator,
        target.found.area_name,
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
SLOW = frozenset({ids.BREAKDOWN})  # reads every area inside the alert's: queued
