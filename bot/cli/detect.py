"""Detection commands: run a month, back-fill a span, list the findings.

``run`` posts through the outbox when Slack is configured; otherwise (and with ``--dry-run``)
it prints the messages it would post, after one line a finding in the report's
words ("Robbery in South Division: Exceptionally high. 33 robberies in May 2017, over twice
the three-year average of 15.3; above the upper control limit of 24.").
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from bot.cli.serve import load_settings
from months import is_month
from storage.areas import area_names
from storage.catalogue import Indicator, indicators
from storage.db import open_db

if TYPE_CHECKING:
    from bot.use_cases import RunResult
    from detectors.finding import Finding

# The use cases, detectors and messages (pandas, ruptures, matplotlib) are imported by the
# commands that use them, so that `scrutiny --help` stays light.

STATUS_MARK = {"new": "NEW", "continuing": "cont", "ended": "end"}


def _month(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not is_month(value):
        raise click.BadParameter(f"{value!r} is not a month like 2020-04")
    return value


def _db(ctx: click.Context):
    return open_db(ctx.obj["db_path"])


def summary(finding: Finding, area_names: dict[str, str], catalogue: dict[str, Indicator]) -> str:
    """One line in the report's style, worded as the messages word it."""
    from messages.wording import summary_line

    return summary_line(
        finding, catalogue[finding.indicator], area_names.get(finding.area, finding.area)
    )


def _as_json(finding: Finding, line: str, alert: str | None) -> dict:
    data = finding.to_dict()
    return {
        "id": finding.id,
        # The alert message that carries it (its event's), or None: kept, sent to nobody.
        "alert": alert,
        "indicator": finding.indicator,
        "area": finding.area,
        "month": finding.month,
        "as_of": finding.as_of,
        "kind": finding.kind,
        "direction": finding.direction,
        "status": finding.status,
        "value": finding.value,
        "expected": finding.expected,
        "ratio": finding.ratio,
        "episode": finding.episode,
        "summary": line,
        "evidence": data["evidence"],
        "limits": data["limits"],
    }


def _report(result: RunResult, names, catalogue, *, echo_findings: bool) -> None:
    stored = "not stored (dry run)" if result.dry_run else "stored"
    click.echo(
        f"{result.month}: {result.series} series, {result.tests} tests, "
        f"{len(result.findings)} findings ({len(result.alerts)} new alerts), {stored}"
    )
    if echo_findings:
        for finding in result.findings:
            line = summary(finding, names, catalogue)
            click.echo(f"  [{STATUS_MARK[finding.status]}] {line}")


@click.command("run")
@click.option("--month", required=True, callback=_month, help="YYYY-MM to detect as of.")
@click.option("--dry-run", is_flag=True, help="Detect and print the messages, store nothing.")
@click.pass_context
def run_command(ctx: click.Context, month: str, dry_run: bool) -> None:
    """Detect as of MONTH (no later data is used); post when Slack is configured, else print
    the messages it would post."""
    from bot.database import Databases
    from bot.delivery import preview_run
    from bot.use_cases import NoFigures, load_inputs, run_month
    from bot.worker import deliver_now, queue_findings
    from messages.plain_text import to_plain_text

    settings = load_settings(ctx)
    db = _db(ctx)
    result = run_month(db, load_inputs(db), month, dry_run=dry_run)
    _report(result, area_names(db), indicators(db), echo_findings=True)
    told = [*result.alerts, *result.follow_ups]
    if not dry_run and settings.slack_configured:
        databases = Databases(settings.db_path)
        try:
            queued = f"{queue_findings(databases, settings, month, told)} messages queued"
        except NoFigures as problem:
            queued = f"alerts queued, no digest ({problem})"
        click.echo(f"{queued}; {deliver_now(databases, settings)}")
        return
    why = "dry run" if dry_run else "Slack is not configured: set SLACK_BOT_TOKEN to post"
    click.echo(f"\nWhat would be posted ({why}):")
    for preview in preview_run(db, month, told):
        click.echo(f"\n--- {preview.title()} ---\n{to_plain_text(preview.message)}")


@click.command("backfill")
@click.option("--from", "first", required=True, callback=_month, help="First month, YYYY-MM.")
@click.option("--to", "last", required=True, callback=_month, help="Last month, YYYY-MM.")
@click.option("--verbose", is_flag=True, help="Print every finding, not a line a month.")
@click.pass_context
def backfill_command(ctx: click.Context, first: str, last: str, verbose: bool) -> None:
    """Replay the runs month by month from FIRST to LAST, storing each."""
    from bot.use_cases import backfill

    if first > last:
        raise click.BadParameter(f"--from {first} is after --to {last}")
    db = _db(ctx)
    names, catalogue = area_names(db), indicators(db)
    backfill(
        db, first, last, progress=lambda r: _report(r, names, catalogue, echo_findings=verbose)
    )


@click.command("findings")
@click.option("--from", "first", callback=_month, help="First run month, YYYY-MM.")
@click.option("--to", "last", callback=_month, help="Last run month, YYYY-MM.")
@click.option(
    "--format", "output", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.pass_context
def findings_command(ctx: click.Context, first: str | None, last: str | None, output: str) -> None:
    """List stored findings of the runs from FIRST to LAST."""
    from bot.use_cases import stored_alerts, stored_findings

    db = _db(ctx)
    names = area_names(db)
    found = stored_findings(db, first=first, last=last)
    catalogue = indicators(db)
    lines = [summary(f, names, catalogue) for f in found]
    if output == "json":
        alerts = stored_alerts(db, first=first, last=last)
        click.echo(
            json.dumps(
                [_as_json(f, line, alerts.get(f.id)) for f, line in zip(found, lines, strict=True)],
                indent=2,
            )
        )
        return
    header = f"{'run':<8}{'month':<8}{'status':<11}{'kind':<12}{'dir':<5}summary"
    click.echo(header)
    for finding, line in zip(found, lines, strict=True):
        click.echo(
            f"{finding.as_of:<8}{finding.month:<8}{finding.status:<11}"
            f"{finding.kind:<12}{finding.direction:<5}{line}"
        )


COMMANDS = [run_command, backfill_command, findings_command]
