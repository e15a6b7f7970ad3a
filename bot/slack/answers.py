"""The answer to each ``/scrutiny`` request, as a reply for the person asking.

Each function takes the bot's context, the request (bot/slack/command_parser.py) and the query,
and returns one message or several; which verb each answers is declared in
bot/slack/registry.py. What the CLI does too lives in bot/use_cases.
"""

from __future__ import annotations

from bot.delivery import lineage
from bot.slack import command_parser as cmd
from bot.slack.context import BotContext
from bot.slack.query import Query
from bot.slack.visibility import visible_finding, visible_latest
from bot.use_cases import (
    CompareProblem,
    NoFigures,
    compare_area,
    default_month,
    explanation,
    gather,
    latest_month,
    latest_run,
    month_average_of,
    names,
    open_findings,
    year_on_year_of,
)
from messages import query_replies as replies
from messages.digest import digest_messages
from messages.model import SlackMessage
from storage import subscriptions
from storage.areas import Area, get_area, list_areas
from storage.catalogue import Indicator, indicators
from storage.findings import get_run
from storage.series import series
from storage.subscriptions import Subscription


def force_of(context: BotContext) -> Area | None:
    """The user's force: the force whose data is loaded."""
    return next((a for a in list_areas(context.db) if a.kind == "force"), None)


def _visible_indicators(context: BotContext, query: Query) -> list[Indicator]:
    allowed = context.sensitive_ok(query.channel_id)
    return [i for i in indicators(context.db).values() if allowed or not i.sensitive]


def not_understood(context: BotContext, request: cmd.NotUnderstood, query: Query) -> SlackMessage:
    if request.kind == "command":
        return replies.unknown_command_reply(request.given, request.suggestions)
    if request.kind == "indicator":
        visible = names.indicator_choices(_visible_indicators(context, query))
        return replies.unknown_indicator_reply(request.given, names.suggest(request.given, visible))
    if request.kind == "area":
        return replies.unknown_area_reply(request.given, request.suggestions)
    if request.kind == "month":
        return replies.bad_month_reply(request.given)
    return replies.error_reply(request.given)


def indicators_list(context: BotContext, request: cmd.Indicators, query: Query) -> SlackMessage:
    return replies.indicators_reply(
        list(indicators(context.db).values()),
        allow_sensitive=context.sensitive_ok(query.channel_id),
    )


def areas_list(context: BotContext, request: cmd.Areas, query: Query) -> SlackMessage:
    return replies.areas_reply([(a.slug, a.name) for a in list_areas(context.db)])


def show(
    context: BotContext, request: cmd.Show, query: Query, *, chart: bool | None = None
) -> SlackMessage:
    """``chart``: draw the chart; by default only where it will be uploaded (about 130 ms of
    CPU otherwise thrown away)."""
    indicator = indicators(context.db)[request.indicator]
    if indicator.sensitive and not context.sensitive_ok(query.channel_id):
        return replies.sensitive_reply(indicator)
    area = get_area(context.db, request.area) if request.area else force_of(context)
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
        average=month_average_of(context.db, indicator, values, month),
        open_findings=[
            item.finding
            for item in open_findings(
                context.db, month, indicator=indicator.slug, within={area.slug}
            )
        ],
        chart=query.uploads_charts if chart is None else chart,
    )


def subscribe(context: BotContext, request: cmd.Subscribe, query: Query) -> SlackMessage:
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


def _digest_month(context: BotContext, request: cmd.Digest) -> str | None:
    force = force_of(context)
    return request.month or (latest_month(context.db, force.slug) if force else None)


def digest_is_slow(context: BotContext, request: cmd.Digest) -> bool:
    """A digest for a month detection has run for reads much (queued); one for a month it has
    not run for says so at once rather than waiting behind other people's work."""
    month = _digest_month(context, request)
    return month is not None and get_run(context.db, month) is not None


def digest(context: BotContext, request: cmd.Digest, query: Query) -> list[SlackMessage]:
    force = force_of(context)
    month = _digest_month(context, request)
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


def alerts(context: BotContext, request: cmd.Alerts, query: Query) -> SlackMessage:
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


def explain(context: BotContext, request: cmd.Explain, query: Query) -> SlackMessage:
    """A finding by its id, or the latest for an indicator and area (the force by default);
    one the channel may not see is answered as one never found."""
    if request.alert is not None:
        found = visible_finding(context, query.channel_id, request.alert)
        if found is None:
            return replies.unknown_alert_reply(request.alert)
    else:
        indicator = indicators(context.db)[request.indicator or ""]
        area = get_area(context.db, request.area) if request.area else force_of(context)
        if area is None:
            return replies.error_reply("No data has been loaded yet.")
        found = visible_latest(context, query.channel_id, indicator.slug, area.slug)
        if found is None:
            return replies.no_finding_reply(indicator, area.name, area.slug, latest_run(context.db))
    shown = explanation(context.db, found)
    return replies.explain_reply(
        found.finding,
        found.indicator,
        found.area_name,
        series=shown.series,
        year_on_year=shown.year_on_year,
    )


def compare(context: BotContext, request: cmd.Compare, query: Query) -> SlackMessage:
    """The area (the force by default) beside its parents and peers, as ``scrutiny compare``
    gives it, for the latest month the figures allow unless one is given."""
    indicator = indicators(context.db)[request.indicator]
    if indicator.sensitive and not context.sensitive_ok(query.channel_id):
        return replies.sensitive_reply(indicator)
    area = names.compared_area(context.db, request.area) if request.area else force_of(context)
    if area is None:
        return replies.error_reply("No data has been loaded yet.")
    try:
        month = request.month or default_month(context.db, indicator, area)
        result = compare_area(context.db, indicator, area, month)
    except CompareProblem as problem:
        return replies.error_reply(
            f"Cannot compare {indicator.name} in {area.name}: {problem}.",
            hint="Type `/scrutiny compare INDICATOR [AREA] [MONTH]`, e.g. "
            "`/scrutiny compare burglary 2017-06`.",
        )
    return replies.comparison_reply(result.comparison, indicator, result.notes)
