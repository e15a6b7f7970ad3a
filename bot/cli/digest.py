"""``scrutiny digest --month YYYY-MM [--html FILE]``: the monthly digest as text, and the
performance report as one HTML file. bot.use_cases.digest gathers the figures; messages/ renders
them."""

from __future__ import annotations

from pathlib import Path

import click

from months import is_month
from storage.db import open_db


def _month(ctx: click.Context, param: click.Parameter, value: str) -> str:
    if not is_month(value):
        raise click.BadParameter(f"{value!r} is not a month: write it as YYYY-MM, e.g. 2022-10")
    return value


@click.command("digest")
@click.option("--month", required=True, callback=_month, help="Month to report, YYYY-MM.")
@click.option(
    "--html",
    "html_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write the performance report to this HTML file.",
)
@click.option(
    "--sensitive/--no-sensitive",
    default=False,
    show_default=True,
    help="Include sensitive indicators (rape, domestic abuse, ...): only for readers allowed them.",
)
@click.option("--force", "force_slug", help="The force to report, when several are loaded.")
@click.pass_context
def digest_command(
    ctx: click.Context, month: str, html_path: Path | None, sensitive: bool, force_slug: str | None
) -> None:
    """Print the monthly digest for MONTH and optionally write the HTML performance report."""
    from bot.use_cases import NoFigures, gather, html_report, slack_digest
    from messages.plain_text import to_plain_text

    db = open_db(ctx.obj["db_path"])
    try:
        data = gather(db, month, force_slug=force_slug)
    except NoFigures as problem:
        raise click.ClickException(str(problem)) from problem
    for n, message in enumerate(slack_digest(data, allow_sensitive=sensitive)):
        if n == 1:
            click.echo("--- in the thread ---\n")
        click.echo(to_plain_text(message))
        click.echo()
    if html_path is not None:
        html_path.parent.mkdir(parents=True, exist_ok=True)
        html_path.write_text(html_report(data, include_sensitive=sensitive), encoding="utf-8")
        click.echo(f"Report written to {html_path}")


COMMANDS = [digest_command]
