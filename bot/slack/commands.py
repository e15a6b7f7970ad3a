"""The ``/scrutiny`` slash command: ack at once, then authorise, answer, audit and respond.

The listener acknowledges before doing anything else (Slack allows 3 seconds); the answer goes
back through ``respond()``, the command's response_url, visible only to the person asking. What
each verb means is declared in bot/slack/registry.py.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot.slack import answers, registry
from bot.slack import command_parser as cmd
from bot.slack.apology import apologise
from bot.slack.authorization import denied_reply
from bot.slack.context import BotContext
from bot.slack.query import Query
from bot.use_cases import names
from messages import query_replies as replies
from messages.model import SlackMessage
from storage import audit

COMMAND = "/scrutiny"


def register(app: App, context: BotContext) -> None:
    @app.command(COMMAND)
    def scrutiny(ack: Ack, command: dict[str, Any], respond: Respond, client: WebClient) -> None:
        ack()  # first, and then the listener is free: the rest runs on the intake
        query = Query.from_payload(command)
        context.slow_work.intake(
            lambda: take(context, query, respond, client), on_failure=lambda: apologise(respond)
        )


def take(context: BotContext, query: Query, respond: Respond, client: WebClient) -> None:
    """Answer at once, queue the slow work, or say the queue is full."""
    if not needs_slow_work(context, query):
        send(answer(context, query), query, respond, client)
    elif not context.slow_work.submit(
        query.user_id,
        lambda: send(answer(context, query), query, respond, client),
        on_failure=lambda: apologise(respond),
    ):
        audited(context, query, "busy")
        send([replies.busy_reply()], query, respond, client)


def send(reply: list[SlackMessage], query: Query, respond: Respond, client: WebClient) -> None:
    for message in reply:  # a long digest runs over several messages
        respond(
            text=message.text,
            blocks=message.blocks,
            response_type="ephemeral",
            replace_original=False,
        )
        if message.chart is not None and query.uploads_charts:
            client.files_upload_v2(
                channel=query.channel_id,
                file=message.chart.png,
                filename=message.chart.filename,
                title=message.chart.title,
                alt_txt=message.chart.alt_text,
            )


def needs_slow_work(context: BotContext, query: Query) -> bool:
    """Whether the answer reads much or draws (queued), or is cheap (answered at once): a
    refusal, and whatever the registry declares cheap."""
    if not context.authorizer.allows(query.user_id):
        return False
    return registry.is_slow(context, registry.read(query.text, names.vocabulary(context.db)))


def audited(context: BotContext, query: Query, outcome: str, detail: str = "") -> None:
    audit.record(
        context.db,
        audit.AuditEntry(
            at=context.timestamp(),
            user_id=query.user_id,
            user_name=query.user_name,
            team_id=query.team_id,
            channel_id=query.channel_id,
            command=COMMAND,
            text=query.text,
            outcome=outcome,
            detail=detail,
        ),
    )


def warm_up(context: BotContext) -> None:
    """Answer one query nobody asked, unaudited, before serving: the first real query then
    does not pay for imports, font caches and the first chart, and what they load is part of
    the heap ``serve`` freezes."""
    force = answers.force_of(context)
    if force is not None:
        answers.show(
            context,
            cmd.Show("all-crime", force.slug, None),
            Query(user_id="", channel_id="", text=""),
            chart=True,
        )


def answer(context: BotContext, query: Query) -> list[SlackMessage]:
    """The reply to one query, in one message or more; every query is audited, whatever its
    outcome."""
    outcome, request = "failed", None
    try:
        if not context.authorizer.allows(query.user_id):
            outcome = "denied"
            return [denied_reply()]
        reading = registry.read(query.text, names.vocabulary(context.db))
        request = reading.request
        reply = registry.answer(context, reading, query)
        outcome = "not-understood" if isinstance(request, cmd.NotUnderstood) else "answered"
        return reply
    finally:
        audited(context, query, outcome, repr(request) if request else "")
