"""The ``/scrutiny`` slash command: ack at once, then authorise, answer, audit and respond.

The listener acknowledges before doing anything else (Slack allows 3 seconds); the answer goes
back through ``respond()``, the command's response_url, visible only to the person asking.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from sqlite_utils import Database

from bot.delivery import lineage
from bot.slack import command_parser as cmd
from bot.slack.apology import apologise
from bot.slack.authorization import denied_reply
from bot.slack.context import BotContext
from bot.slack.visibility import visible_finding
from bot.use_cases import NoFigures, gather, latest_run, names, open_findings, year_on_year_of
from messages import query_replies as replies
from messages.digest import digest_messages
from messages.model import SlackMessage
from storage import audit, subscriptions
from storage.areas import Area, get_area, list_areas
from storage.catalogue import Indicator, indicators
from storage.findings import get_run
from storage.series import series
from storage.subscriptions import Subscription

COMMAND = "/scrutiny"
DIRECT_MESSAGE = "D"  # channel ids of direct messages start with D


@dataclass(frozen=True)
class Query:
    """The parts of a slash command payload the bot uses."""

    user_id: str
    channel_id: str
    text: str
    user_name: str = ""
    team_id: str = ""

    @classmethod
    def from_payload(cls, command: dict[str, Any]) -> Query:
        return cls(
            user_id=command.get("user_id", ""),
            channel_id=command.get("channel_id", ""),
            text=command.get("text", "") or "",
            user_name=command.get("user_name", ""),
            team_id=command.get("team_id", ""),
        )


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
        if message.chart is not None and uploads_charts(query):
            client.files_upload_v2(
                channel=query.channel_id,
                file=message.chart.png,
                filename=message.chart.filename,
                title=message.chart.title,
                alt_txt=message.chart.alt_text,
            )


CHEAP = (cmd.Help, cmd.NotUnderstood, cmd.Indicators, cmd.Areas, cmd.Subscribe)


def needs_slow_work(context: BotContext, query: Query) -> bool:
    """Whether the answer reads much or draws (queued), or is cheap (answered at once): a
    refusal, help, the lists, a subscription, and a digest for a month detection has not run
    for, which says so rather than waiting behind other people's work."""
    if not context.authorizer.allows(query.user_id):
        return False
    request = cmd.parse(query.text, vocabulary(context))
    if isinstance(request, cmd.Digest):
        force = _force(context)
        month = request.month or (latest_month(context.db, force.slug) if force else None)
        return month is not None and get_run(context.db, month) is not None
    return not isinstance(request, CHEAP)


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


def uploads_charts(query: Query) -> bool:
    """Whether a reply's chart is sent: a response_url cannot carry a file, so charts are
    uploaded only in a direct message, where the file stays as private as the reply."""
    return query.channel_id.startswith(DIRECT_MESSAGE)


def warm_up(context: BotContext) -> None:
    """Answer one query nobody asked, unaudited, before serving: the first real query then
    does not pay for imports, font caches and the first chart, and what they load is part of
    the heap ``serve`` freezes."""
    force = _force(context)
    if force is not None:
        _show(
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
        request = cmd.parse(query.text, vocabulary(context))
        reply = ANSWERS[type(request)](context, request, query)
        outcome = "not-understood" if isinstance(request, cmd.NotUnderstood) else "answered"
        return reply if isinstance(reply, list) else [reply]
    finally:
        audited(context, query, outcome, repr(request) if request else "")


def vocabulary(context: BotContext) -> names.Vocabulary:
    return names.vocabulary(context.db)


def _visible_indicators(context: BotContext, query: Query) -> list[Indicator]:
    allowed = context.sensitive_ok(query.channel_id)
    return [i for i in indicators(context.db).values() if allowed or not i.sensitive]


def _force(context: BotContext) -> Area | None:
    return next((a for a in list_areas(context.db) if a.kind == "force"), None)


def _help(context: BotContext, request: cmd.Help, query: Query) -> SlackMessage:
    return replies.help_reply()


def _not_understood(context: BotContext, request: cmd.NotUnderstood, query: Query) -> SlackMessage:
    if request.kind == "command":
        verbs = {verb: names.choice((verb,)) for verb in set(cmd.VERBS.values())}
        return replies.unknown_command_reply(request.given, names.suggest(request.given, verbs))
    if request.kind == "indicator":
        visible = names.indicator_choices(_visible_indicators(context, query))
        return replies.unknown_indicator_reply(request.given, names.suggest(request.given, visible))
    if request.kind == "area":
        areas = names.area_choices(list_areas(context.db))
        return replies.unknown_area_reply(request.given, names.suggest(request.given, areas))
    if request.kind == "month":
        return replies.bad_month_reply(request.given)
    return replies.error_reply(request.given)


def _indicators(context: BotContext, request: cmd.Indicators, query: Query) -> SlackMessage:
    return replies.indicators_reply(
        list(indicators(context.db).values()),
        allow_sensitive=context.sensitive_ok(query.channel_id),
    )


def _areas(context: BotContext, request: cmd.Areas, query: Query) -> SlackMessage:
    return replies.areas_reply([(a.slug, a.name) for a in list_areas(context.db)])


def _show(
    context: BotContext, request: cmd.Show, query: Query, *, chart: bool | None = None
) -> SlackMessage:
    """``chart``: draw the chart; by default only where it will be uploaded (about 130 ms of
    CPU otherwise thrown away)."""
    indicator = indicators(context.db)[request.indicator]
    if indicator.sensitive and not context.sensitive_ok(query.channel_id):
        return replies.sensitive_reply(indicator)
    area = get_area(context.db, request.area) if request.area else _force(context)
    if area is None:
        return replies.error_reply("No data has been loaded yet.")
    values = series(context.db, indicator.slug, area.slug)
    known = values.dropna()
    if known.empty:
        return replies.error_reply(
            f"There is no {indicator.name.lower()} data for {area.name}.",
            hint="Type `/scrutiny indicators` for what there is.",
        )
    month = request.month or str(known.index[-1])
    if month not in {str(m) for m in known.index}:
        return replies.no_data_reply(indicator, area.name, month)
    return replies.indicator_reply(
        indicator,
        area.name,
        area.slug,
        month,
        values,
        year_on_year=year_on_year_of(context.db, indicator, area.slug, values, month),
        open_findings=[
            item.finding
            for item in open_findings(
                context.db, month, indicator=indicator.slug, within={area.slug}
            )
        ],
        chart=uploads_charts(query) if chart is None else chart,
    )


def _subscribe(context: BotContext, request: cmd.Subscribe, query: Query) -> SlackMessage:
    if request.target_kind == "indicator":
        indicator = indicators(context.db)[request.target]
        if indicator.sensitive and not context.sensitive_ok(query.channel_id):
            return replies.sensitive_reply(indicator)
        name = indicator.name
    else:
        name = request.target or "all"
    area = get_area(context.db, request.area) if request.area else None
    if request.remove:
        subscriptions.unsubscribe(
            context.db, query.channel_id, request.target_kind, request.target, request.area or ""
        )
    else:
        subscriptions.subscribe(
            context.db,
            Subscription(
                channel=query.channel_id,
                target_kind=request.target_kind,
                target=request.target,
                area=request.area or "",
                created_by=query.user_id,
                created_at=context.timestamp(),
            ),
        )
    return replies.subscription_reply(not request.remove, name, area.name if area else None)


def _digest(context: BotContext, request: cmd.Digest, query: Query) -> list[SlackMessage]:
    force = _force(context)
    month = request.month or (latest_month(context.db, force.slug) if force else None)
    if month is None:
        return [replies.error_reply("No data has been loaded yet.")]
    try:
        data = gather(context.db, month, force_slug=force.slug if force else None)
    except NoFigures as problem:
        return [replies.error_reply(f"There is no digest for {month}: {problem}.")]
    return digest_messages(
        month,
        data.force_name,
        data.figures,
        data.told,
        allow_sensitive=context.sensitive_ok(query.channel_id),
        unlocated=data.unlocated,
    )


def _alerts(context: BotContext, request: cmd.Alerts, query: Query) -> SlackMessage:
    month = latest_run(context.db)
    if month is None:
        return replies.error_reply(
            "Detection has not run yet, so there are no alerts.",
            hint="It runs every month; an analyst can run `scrutiny run --month YYYY-MM`.",
        )
    areas = list_areas(context.db)
    area = next((a for a in areas if a.slug == request.area), None)
    # An area's alerts include those of the areas inside it.
    within = (
        {a.slug for a in areas if request.area in lineage(a.slug, areas)} if request.area else None
    )
    return replies.alerts_reply(
        open_findings(context.db, month, within=within),
        area_name=area.name if area else None,
        allow_sensitive=context.sensitive_ok(query.channel_id),
    )


def _explain(context: BotContext, request: cmd.Explain, query: Query) -> SlackMessage:
    found = visible_finding(context, query.channel_id, request.alert)
    if found is None:  # none, or not for this channel: the same answer
        return replies.unknown_alert_reply(request.alert)
    finding = found.finding
    values = series(context.db, finding.indicator, finding.area)
    return replies.explain_reply(
        finding,
        found.indicator,
        found.area_name,
        series=values,
        year_on_year=year_on_year_of(
            context.db,
            indicators(context.db)[finding.indicator],
            finding.area,
            values,
            finding.month,
        ),
    )


def latest_month(db: Database, force: str) -> str | None:
    """The force's latest month with data (all crime)."""
    known = series(db, "all-crime", force).dropna()
    return str(known.index[-1]) if len(known) else None


Answer = Callable[[BotContext, Any, Query], "SlackMessage | list[SlackMessage]"]
ANSWERS: dict[type, Answer] = {
    cmd.Help: _help,
    cmd.NotUnderstood: _not_understood,
    cmd.Indicators: _indicators,
    cmd.Areas: _areas,
    cmd.Show: _show,
    cmd.Subscribe: _subscribe,
    cmd.Digest: _digest,
    cmd.Alerts: _alerts,
    cmd.Explain: _explain,
}
