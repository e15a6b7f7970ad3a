"""The monthly digest: each theme's indicators, In Year against the Previous 12 Months, for the
force and its divisions, then the month's findings. Long digests run over several messages."""

from __future__ import annotations

from collections.abc import Sequence

from messages.blocks import context, divider, message, paginate, sections
from messages.escaping import escape_mrkdwn
from messages.formats import in_year_periods, month_long
from messages.in_year import compact_change, unlocated_note
from messages.inputs import IndicatorFigures, NamedFinding, Unlocated, any_withheld, visible
from messages.markers import marker
from messages.model import SlackMessage
from messages.templating import macro
from messages.wording import status_headline, status_sentence

SENSITIVE_NOTE = ":lock: Sensitive indicators are reported only in channels allowed them."
_STATUS_ORDER = {"new": 0, "continuing": 1, "ended": 2}


def by_theme(figures: Sequence[IndicatorFigures]) -> dict[str, list[IndicatorFigures]]:
    """Figures grouped by theme, themes and indicators in the order given (the catalogue's)."""
    themes: dict[str, list[IndicatorFigures]] = {}
    for item in figures:
        themes.setdefault(item.indicator.theme, []).append(item)
    return themes


def finding_line(item: NamedFinding) -> dict[str, str]:
    """One finding's line: a new one reads like its alert, later ones like follow-ups."""
    finding, indicator = item.finding, item.indicator
    return {
        "marker": marker(finding, indicator),
        "indicator": indicator.name,
        "area": item.area_name,
        "headline": status_headline(finding),
        "sentence": status_sentence(finding, indicator),
    }


def digest_messages(
    month: str,
    force_name: str,
    figures: Sequence[IndicatorFigures],
    findings: Sequence[NamedFinding],
    *,
    allow_sensitive: bool,
    unlocated: Unlocated | None = None,
) -> list[SlackMessage]:
    """The digest for ``month`` as one message or, when long, several to post in order.

    ``allow_sensitive``: whether the target channel may see sensitive indicators; without it
    they are left out and a note says that they were. ``unlocated``: crimes with no location,
    which the force counts and no division does (a note says so when there are any).
    """
    shown_figures, shown_findings = (
        visible(figures, allow_sensitive),
        visible(findings, allow_sensitive),
    )
    current, previous = in_year_periods(month)
    body = [context([macro("digest.mrkdwn", "intro", current=current, previous=previous)])]
    if unlocated is not None and (unlocated.current or unlocated.previous):
        body.append(context([escape_mrkdwn(unlocated_note(unlocated, force_name))]))
    for theme, items in by_theme(shown_figures).items():
        rows = [
            {
                "name": item.indicator.name,
                "areas": [
                    (area.area_name, compact_change(area.year_on_year, item.indicator))
                    for area in item.areas
                ],
            }
            for item in items
        ]
        body += [divider(), *sections(macro("digest.mrkdwn", "theme", name=theme, rows=rows))]
    ordered = sorted(shown_findings, key=lambda item: _STATUS_ORDER[item.finding.status])
    if ordered:
        body += [
            divider(),
            *sections(
                macro("digest.mrkdwn", "findings", items=[finding_line(item) for item in ordered])
            ),
        ]
    if any_withheld(allow_sensitive, figures, findings):
        body.append(context([escape_mrkdwn(SENSITIVE_NOTE)]))
    counts = {
        status: sum(item.finding.status == status for item in shown_findings)
        for status in _STATUS_ORDER
    }
    title = f"Monthly digest: {force_name}, {month_long(month)}"
    pages = paginate(title, body)
    summary = macro(
        "digest.mrkdwn",
        "fallback",
        force=force_name,
        month=month_long(month),
        new=counts["new"],
        continuing=counts["continuing"],
        ended=counts["ended"],
    )
    return [
        message(
            summary if n == 1 else escape_mrkdwn(f"{title} (continued, {n} of {len(pages)})"), page
        )
        for n, page in enumerate(pages, start=1)
    ]
