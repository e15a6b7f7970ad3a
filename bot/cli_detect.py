"""Detection commands: run a month, back-fill a span, list the findings.

Until Slack is wired, ``run`` prints what it would post: one line a finding, in the report's
words ("Robbery in South Division: 33 in May 2017, over twice the three-year average of 15.3").
"""

from __future__ import annotations

import json
import re

import click

from bot.detect_run import RunResult, backfill, load_inputs, run_month
from detectors.finding import Finding
from detectors.months import month_name
from storage import findings as findings_store
from storage.areas import list_areas
from storage.catalogue import indicators
from storage.db import open_db

MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
NUMBER_WORDS = {2: "twice", 3: "three times", 4: "four times", 5: "five times"}
STATUS_MARK = {"new": "NEW", "continuing": "cont", "ended": "end"}


def _month(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None and not MONTH.match(value):
        raise click.BadParameter(f"{value!r} is not a month like 2020-04")
    return value


def _db(ctx: click.Context):
    return open_db(ctx.obj["db_path"])


def _names(db) -> tuple[dict[str, str], dict[str, str]]:
    return ({slug: i.name for slug, i in indicators().items()},
            {a.slug: a.name for a in list_areas(db)})


def _number(value: float, *, proportion: bool = False) -> str:
    if proportion:
        return f"{value:.1%}"
    if abs(value - round(value)) < 1e-9 or abs(value) >= 100:
        return f"{round(value):,}"
    return f"{value:,.1f}"


def compared(value: float, expected: float) -> str:
    """'over twice', 'nearly three times', 'about half', '18% above' ... the average."""
    if expected <= 0:
        return "above" if value > expected else "at"
    ratio = value / expected
    if ratio >= 1.75:
        times = round(ratio)
        word = NUMBER_WORDS.get(times, f"{times} times")
        return f"over {word}" if ratio >= times else f"nearly {word}"
    if ratio < 0.45:
        return "less than half"
    if ratio <= 0.6:
        return "about half"
    return f"{abs(ratio - 1):.0%} {'above' if ratio > 1 else 'below'}"


def _baseline(finding: Finding, expected: str) -> str:
    evidence = finding.evidence
    if evidence.trial_limits:
        since = month_name(evidence.baseline_start) if evidence.baseline_start else "the start"
        return (f"the {evidence.baseline_points}-month average of {expected} since {since} "
                "(trial limits)")
    if evidence.seasonal:
        return f"the seasonal expectation of {expected}"
    if evidence.baseline_points >= 36:
        return f"the three-year average of {expected}"
    return f"the {evidence.baseline_points}-month average of {expected}"


def summary(finding: Finding, indicator_names: dict[str, str] | None = None,
            area_names: dict[str, str] | None = None, *, proportion: bool = False) -> str:
    """One line in the report's style."""
    name = (indicator_names or {}).get(finding.indicator, finding.indicator)
    area = (area_names or {}).get(finding.area, finding.area)
    value = _number(finding.value, proportion=proportion)
    expected = _number(finding.expected, proportion=proportion)
    when = month_name(finding.month)
    subject = f"{name} in {area}"
    if finding.kind == "step-change":
        change = (finding.value - finding.expected) / finding.expected if finding.expected else 0
        return (f"{subject}: a step change from {when}, {value} a month against {expected} "
                f"before ({'up' if change > 0 else 'down'} {abs(change):.0%})")
    if finding.status == "ended":
        return (f"{subject} is back within its limits: {value} in {when}, against "
                f"{_baseline(finding, expected)}")
    if finding.kind == "shift":
        side = "above" if finding.direction == "up" else "below"
        return (f"{subject}: {finding.evidence.run_length or 7} months in a row {side} "
                f"{_baseline(finding, expected)}; {value} in {when}")
    if finding.kind == "trend":
        way = "rise" if finding.direction == "up" else "fall"
        return (f"{subject}: {finding.evidence.run_length or 7} months of continuous {way}, to "
                f"{value} in {when} ({_baseline(finding, expected)})")
    verb = " remains exceptional" if finding.status == "continuing" else ""
    return (f"{subject}{verb}: {value} in {when}, "
            f"{compared(finding.value, finding.expected)} {_baseline(finding, expected)}")


def _as_json(finding: Finding, line: str) -> dict:
    data = finding.to_dict()
    return {"id": finding.id, "indicator": finding.indicator, "area": finding.area,
            "month": finding.month, "as_of": finding.as_of, "kind": finding.kind,
            "direction": finding.direction, "status": finding.status, "value": finding.value,
            "expected": finding.expected, "ratio": finding.ratio, "episode": finding.episode,
            "summary": line, "evidence": data["evidence"], "limits": data["limits"]}


def _proportions() -> set[str]:
    return {slug for slug, i in indicators().items() if i.unit == "proportion"}


def _report(result: RunResult, names, *, echo_findings: bool) -> None:
    stored = "not stored (dry run)" if result.dry_run else "stored"
    click.echo(f"{result.month}: {result.series} series, {result.tests} tests, "
               f"{len(result.findings)} findings ({len(result.alerts)} new alerts), {stored}")
    if echo_findings:
        proportions = _proportions()
        for finding in result.findings:
            line = summary(finding, *names, proportion=finding.indicator in proportions)
            click.echo(f"  [{STATUS_MARK[finding.status]}] {line}")


@click.command("run")
@click.option("--month", required=True, callback=_month, help="YYYY-MM to detect as of.")
@click.option("--dry-run", is_flag=True, help="Detect and print, store nothing.")
@click.pass_context
def run_command(ctx: click.Context, month: str, dry_run: bool) -> None:
    """Detect as of MONTH (no later data is used) and print what would be posted."""
    db = _db(ctx)
    result = run_month(db, load_inputs(db), month, dry_run=dry_run)
    _report(result, _names(db), echo_findings=True)


@click.command("backfill")
@click.option("--from", "first", required=True, callback=_month, help="First month, YYYY-MM.")
@click.option("--to", "last", required=True, callback=_month, help="Last month, YYYY-MM.")
@click.option("--verbose", is_flag=True, help="Print every finding, not a line a month.")
@click.pass_context
def backfill_command(ctx: click.Context, first: str, last: str, verbose: bool) -> None:
    """Replay the runs month by month from FIRST to LAST, storing each."""
    if first > last:
        raise click.BadParameter(f"--from {first} is after --to {last}")
    db = _db(ctx)
    names = _names(db)
    backfill(db, first, last, progress=lambda r: _report(r, names, echo_findings=verbose))


@click.command("findings")
@click.option("--from", "first", callback=_month, help="First run month, YYYY-MM.")
@click.option("--to", "last", callback=_month, help="Last run month, YYYY-MM.")
@click.option("--format", "output", type=click.Choice(["table", "json"]), default="table",
              show_default=True)
@click.pass_context
def findings_command(ctx: click.Context, first: str | None, last: str | None,
                     output: str) -> None:
    """List stored findings of the runs from FIRST to LAST."""
    db = _db(ctx)
    names = _names(db)
    proportions = _proportions()
    found = findings_store.findings(db, first=first, last=last)
    lines = [summary(f, *names, proportion=f.indicator in proportions) for f in found]
    if output == "json":
        click.echo(json.dumps([_as_json(f, line) for f, line in zip(found, lines, strict=True)],
                              indent=2))
        return
    header = f"{'run':<8}{'month':<8}{'status':<11}{'kind':<12}{'dir':<5}summary"
    click.echo(header)
    for finding, line in zip(found, lines, strict=True):
        click.echo(f"{finding.as_of:<8}{finding.month:<8}{finding.status:<11}"
                   f"{finding.kind:<12}{finding.direction:<5}{line}")


COMMANDS = [run_command, backfill_command, findings_command]
