"""Replies to ``/scrutiny``: one indicator in one area, open alerts, explanations, lists, help,
and errors that say what the user can type instead."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from detectors.comparison import Comparison
from detectors.finding import Finding, YearOnYear
from detectors.month_average import MonthAverage
from detectors.rules import rule_explanation
from messages.actions import finding_id
from messages.alert import finding_body, finding_fallback
from messages.blocks import context, header, message, sections
from messages.comparison import (
    MEASURE_WORDS,
    forces_line,
    phone_table,
    rank_line,
    signed_percent,
)
from messages.comparison import title as comparison_title
from messages.escaping import escape_mrkdwn
from messages.finding_chart import finding_chart, monthly_window, series_chart
from messages.formats import (
    figure,
    level,
    month_long,
    month_short,
    number,
    plural,
    proportion,
    signed,
    sparkline,
)
from messages.in_year import year_on_year_sentence
from messages.inputs import NamedFinding, visible
from messages.limits import MAX_BLOCKS
from messages.markers import marker
from messages.model import Chart, IndicatorInfo, SlackMessage
from messages.templating import macro
from messages.wording import against_average, status_headline, why_items


@dataclass(frozen=True)
class CommandHelp:
    """One line of ``/scrutiny help`` (the bot's command registry hands them over)."""

    usage: str  # what to type: "show INDICATOR [AREA] [MONTH]"
    what: str  # what it does
    example: str  # one query as a person would type it: "show robbery south 2022-10"
    also: tuple[str, ...] = ()  # other words for the verb: ("why",)


HELP_HINT = "Type `/scrutiny help` for everything you can ask."
MAX_LISTED = 40  # alerts in one reply; beyond that the reply says how to narrow the list
TREND_MONTHS = 12


def _reply(
    title: str, body: Sequence[dict], fallback: str, chart: Chart | None = None
) -> SlackMessage:
    return message(escape_mrkdwn(fallback), [header(title), *body], chart)


# Help and errors ----------------------------------------------------------------------------


def help_reply(commands: Sequence[CommandHelp]) -> SlackMessage:
    items = [
        {
            "usage": c.usage,
            "also": list(c.also),
            "what": c.what,
            "example": "" if c.example == c.usage else c.example,
        }
        for c in commands
    ]
    verbs = ", ".join(c.usage.split()[0] for c in commands)
    return message(
        escape_mrkdwn(f"scrutiny commands: {verbs}"),
        [header("scrutiny"), *sections(macro("query.mrkdwn", "usage", commands=items))],
    )


def error_reply(
    problem: str, *, suggestions: Sequence[str] = (), hint: str = HELP_HINT
) -> SlackMessage:
    """A reply that says what went wrong and what to type instead."""
    text = macro("query.mrkdwn", "error", problem=problem, suggestions=list(suggestions), hint=hint)
    return message(escape_mrkdwn(problem), sections(text))


def unknown_command_reply(given: str, suggestions: Sequence[str]) -> SlackMessage:
    """``suggestions``: the commands closest to what was typed (bot.use_cases.names.suggest)."""
    return error_reply(
        f"I don't know the command “{given}”.",
        suggestions=[f"/scrutiny {name}" for name in suggestions],
    )


def _unknown(what: str, given: str, suggestions: Sequence[str], listing: str) -> SlackMessage:
    return error_reply(
        f"I don't know the {what} “{given}”.",
        suggestions=suggestions,
        hint=f"Type `/scrutiny {listing}` for the list.",
    )


def unknown_indicator_reply(given: str, suggestions: Sequence[str]) -> SlackMessage:
    """``suggestions``: the closest slugs among those the user may see here (sensitive ones
    only where allowed)."""
    return _unknown("indicator", given, suggestions, "indicators")


def unknown_area_reply(given: str, suggestions: Sequence[str]) -> SlackMessage:
    return _unknown("area", given, suggestions, "areas")


def unknown_alert_reply(given: str) -> SlackMessage:
    return error_reply(
        f"There is no alert “{given}”.",
        hint="Type `/scrutiny alerts` to list open alerts with their ids.",
    )


def no_finding_sentence(indicator: IndicatorInfo, area_name: str, run: str | None) -> str:
    """``explain INDICATOR AREA`` with nothing to explain, said plainly (``run``: the latest
    detection run, None if there has been none)."""
    if run is None:
        return f"There is no alert for {indicator.name} in {area_name}: detection has not run yet."
    return (
        f"There is no alert for {indicator.name} in {area_name}: no run up to "
        f"{month_long(run)} found anything exceptional."
    )


def no_finding_reply(
    indicator: IndicatorInfo, area_name: str, area_slug: str, run: str | None
) -> SlackMessage:
    """The same reply whether there is no finding or the channel may not see it."""
    return error_reply(
        no_finding_sentence(indicator, area_name, run),
        hint=f"Type `/scrutiny show {indicator.slug} {area_slug}` for its figures.",
    )


def busy_reply() -> SlackMessage:
    """To a request over the bound of slow work: nothing was done, and it may be asked again."""
    return error_reply(
        "scrutiny is busy with other requests just now, so this one was not started.",
        hint="Please try again in a minute.",
    )


def bad_month_reply(given: str) -> SlackMessage:
    return error_reply(
        f"“{given}” is not a month I can read.",
        hint="Type a month as YYYY-MM, e.g. `/scrutiny show robbery south 2017-05`.",
    )


def sensitive_reply(indicator: IndicatorInfo) -> SlackMessage:
    return error_reply(
        f"{indicator.name} is a sensitive indicator, shown only in channels allowed it.",
        hint="Ask in a channel set up for sensitive indicators.",
    )


def no_data_reply(indicator: IndicatorInfo, area_name: str, month: str) -> SlackMessage:
    return error_reply(
        f"There is no {indicator.name.lower()} data for {area_name} in {month_long(month)}.",
        hint="Try an earlier month, e.g. `/scrutiny show INDICATOR AREA YYYY-MM`.",
    )


# Figures ------------------------------------------------------------------------------------


def _finding_items(items: Sequence[NamedFinding]) -> list[dict[str, str]]:
    return [
        {
            "marker": marker(item.finding, item.indicator),
            "indicator": item.indicator.name,
            "area": item.area_name,
            "month": month_long(item.finding.month),
            "id": finding_id(item.finding),
            "headline": status_headline(item.finding),
        }
        for item in items
    ]


def indicator_reply(
    indicator: IndicatorInfo,
    area_name: str,
    area_slug: str,
    month: str,
    series: pd.Series,
    *,
    year_on_year: YearOnYear | None = None,
    average: MonthAverage | None = None,
    open_findings: Sequence[Finding] = (),
    chart: bool = True,
) -> SlackMessage:
    """``show INDICATOR AREA MONTH``: the month's figure against its average, the year on
    year, the last 12 months, a chart and the area's open alerts for the indicator.

    ``chart=False`` leaves the chart out (``SlackMessage.chart`` is None): drawing it is most
    of the reply's cost, wasted where the caller cannot send a file."""
    recent = monthly_window(series, month, TREND_MONTHS)
    value = recent.iloc[-1] if len(recent) and str(recent.index[-1]) == month else float("nan")
    has_value = not pd.isna(value)
    line = (
        f"{figure(value, indicator)} in {month_long(month)}"
        if has_value
        else f"No data for {month_long(month)}"
    )
    against = against_average(average, indicator) if average and average.month == month else ""
    sentence = f"{line}, {against}" if against else line
    trend, span = "", ""
    if recent.notna().any():
        trend = sparkline(recent.tolist())
        span = (
            f"{month_short(str(recent.index[0]))} to {month_short(str(recent.index[-1]))}, "
            f"lowest {level(recent.min(), indicator)}, highest {level(recent.max(), indicator)}"
        )
    body = sections(
        macro(
            "query.mrkdwn",
            "figure",
            headline=line,
            average=against,
            year_on_year=year_on_year_sentence(year_on_year, indicator) if year_on_year else "",
            trend=trend,
            trend_span=span,
        )
    )
    named = [NamedFinding(f, indicator, area_name) for f in open_findings]
    if named:
        body += sections(
            macro("query.mrkdwn", "findings", title="Open alerts", items=_finding_items(named))
        )
    else:
        body.append(
            context([escape_mrkdwn(f"No open alerts for {indicator.name.lower()} in {area_name}.")])
        )
    body.append(
        context([escape_mrkdwn("Type `/scrutiny explain ALERT` to see why an alert fired.")])
    )
    drawn = None
    if chart:
        with_limits = next((f for f in open_findings if f.limits is not None), None)
        drawn = series_chart(
            indicator,
            area_name,
            area_slug,
            series,
            month,
            limits=with_limits.limits if with_limits else None,
            limits_from=with_limits.evidence.baseline_start if with_limits else None,
            flagged=[f.month for f in open_findings if f.status != "ended"],
            summary=f"{sentence}.",
        )
    return _reply(
        f"{indicator.name}: {area_name}, {month_long(month)}",
        body,
        f"{indicator.name}, {area_name}: {sentence}.",
        drawn,
    )


def comparison_reply(
    comparison: Comparison, indicator: IndicatorInfo, notes: Sequence[str]
) -> SlackMessage:
    """``compare INDICATOR [AREA] [MONTH]``: the area beside its parents in a table a phone can
    read, how many forces nationally have an increase, its ranks, and what the figures are."""
    subject = comparison.rows[0]
    body = sections(
        macro(
            "query.mrkdwn",
            "comparison",
            table="\n".join(phone_table(comparison)),
            forces=forces_line(comparison, indicator),
            rank=rank_line(comparison.ranks, indicator) if comparison.ranks else "",
        )
    )
    about = f"{subject.source}: {MEASURE_WORDS[comparison.measure]}"
    body.append(context([escape_mrkdwn(about), *(escape_mrkdwn(f"Note: {n}.") for n in notes)]))
    return _reply(comparison_title(comparison, indicator), body, _compared(comparison, indicator))


def _compared(comparison: Comparison, indicator: IndicatorInfo) -> str:
    """The fallback: ``Burglary, Lancashire: 13,000 against 11,688 (+1,312, +11.2%).``"""
    row = comparison.rows[0]
    if comparison.measure == "proportion":
        change = f"{signed(row.change * 100)} percentage points"
        return (
            f"{indicator.name}, {row.name}: {proportion(row.current)} against "
            f"{proportion(row.previous)} ({change})."
        )
    return (
        f"{indicator.name}, {row.name}: {number(row.current)} against {number(row.previous)} "
        f"({signed(row.change)}, {signed_percent(row)})."
    )


def alerts_reply(
    open_findings: Sequence[NamedFinding], *, area_name: str | None = None, allow_sensitive: bool
) -> SlackMessage:
    """``alerts [AREA]``: the open alerts, newest first as given; long lists are cut with a hint."""
    where = area_name or "all areas"
    shown = visible(open_findings, allow_sensitive)
    if not shown:
        return _reply(
            f"Open alerts: {where}",
            [context([escape_mrkdwn(f"No open alerts in {where}.")])],
            f"No open alerts in {where}.",
        )
    listed = shown[:MAX_LISTED]
    body = sections(
        macro(
            "query.mrkdwn",
            "findings",
            title=plural(len(shown), "open alert"),
            items=_finding_items(listed),
        )
    )
    notes = ["Type `/scrutiny explain ALERT` with an alert's id to see why it fired."]
    if len(shown) > len(listed):
        notes.insert(
            0,
            f"…and {len(shown) - len(listed)} more. Type `/scrutiny alerts AREA` to see one area.",
        )
    body.append(context([escape_mrkdwn(note) for note in notes]))
    return _reply(
        f"Open alerts: {where}",
        body[: MAX_BLOCKS - 1],
        f"{plural(len(shown), 'open alert')} in {where}.",
    )


def explain_reply(
    finding: Finding,
    indicator: IndicatorInfo,
    area_name: str,
    *,
    series: pd.Series | None = None,
    year_on_year: YearOnYear | None = None,
) -> SlackMessage:
    """``explain ALERT``: the finding, the rule in plain words, baseline and limits in full."""
    reasons = why_items(finding, indicator)
    explanation = rule_explanation(finding.evidence.rule)
    body = [
        *finding_body(finding, indicator, year_on_year),
        *sections(
            macro(
                "query.mrkdwn",
                "bullets",
                title="Why it fired",
                items=[*reasons, *([explanation] if explanation else [])],
            )
        ),
        context(
            [
                escape_mrkdwn(f"Alert {finding_id(finding)}"),
                escape_mrkdwn(f"Status: {finding.status}"),
                escape_mrkdwn(f"Run of {month_long(finding.as_of)}"),
            ]
        ),
    ]
    chart = finding_chart(finding, indicator, area_name, series) if series is not None else None
    title = f"Why this alert: {indicator.name}, {area_name}, {month_long(finding.month)}"
    return message(finding_fallback(finding, indicator, area_name), [header(title), *body], chart)


# Lists --------------------------------------------------------------------------------------


def indicators_reply(indicators: Sequence[IndicatorInfo], *, allow_sensitive: bool) -> SlackMessage:
    """``indicators``: what to type for each indicator, by theme, in the order given."""
    themes: dict[str, list[tuple[str, str]]] = {}
    for indicator in indicators:
        if allow_sensitive or not indicator.sensitive:
            themes.setdefault(indicator.theme, []).append((indicator.slug, indicator.name))
    body = sections(macro("query.mrkdwn", "listing", groups=list(themes.items())))
    if not allow_sensitive and any(i.sensitive for i in indicators):
        body.append(
            context(
                [
                    escape_mrkdwn(
                        ":lock: Sensitive indicators are listed only in channels allowed them."
                    )
                ]
            )
        )
    count = sum(len(rows) for rows in themes.values())
    return _reply(
        "Indicators", body[: MAX_BLOCKS - 1], f"{plural(count, 'indicator')} you can ask about."
    )


def areas_reply(areas: Sequence[tuple[str, str]]) -> SlackMessage:
    """``areas``: ``(what to type, display name)`` pairs, force first."""
    body = sections(macro("query.mrkdwn", "listing", groups=[("", list(areas))]))
    return _reply(
        "Areas",
        body[: MAX_BLOCKS - 1] or [context([escape_mrkdwn("No areas yet.")])],
        f"{plural(len(areas), 'area')} you can ask about.",
    )


def subscription_reply(subscribed: bool, target: str, area_name: str | None = None) -> SlackMessage:
    """Confirms ``subscribe``/``unsubscribe``; ``target``: an indicator or theme name, or "all"."""
    what = "all alerts" if target == "all" else f"{target} alerts"
    where = f" in {area_name}" if area_name else ""
    text = (
        f":white_check_mark: This channel now gets {what}{where}."
        if subscribed
        else f"This channel no longer gets {what}{where}."
    )
    return message(escape_mrkdwn(text), sections(escape_mrkdwn(text)))
