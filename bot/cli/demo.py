"""``scrutiny demo``: the monthly job end to end on the bundled Lancashire data, no Slack."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import click

from bot.cli.data import run_ingest
from bot.cli.digest import digest_command
from storage.db import open_db

if TYPE_CHECKING:
    from bot.use_cases import RunResult


@click.command("demo")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Folder for the demo's files, charts and report.",
)
@click.pass_context
def demo_command(ctx: click.Context, out_dir: Path) -> None:
    """Load the bundled Lancashire data and run the monthly job on it, printing the results."""
    from bot.delivery import preview_run
    from bot.use_cases import backfill
    from messages.plain_text import to_plain_text
    from storage.demo_data import write_demo_files

    db = open_db(ctx.obj["db_path"])
    data_dir = out_dir / "demo-data"
    click.echo(f"1. Writing the bundled Lancashire data as data.police.uk files in {data_dir}/")
    files = write_demo_files(data_dir)
    areas = Path(str(resources.files("storage").joinpath("data", "lancashire-areas.csv")))
    click.echo(f"2. Ingesting {len(files)} monthly files with the Lancashire areas file")
    click.echo(f"   {run_ingest(db, [data_dir], areas, quiet=True).summary()}")

    months = [m for (m,) in db.execute("SELECT DISTINCT month FROM street_files ORDER BY month")]
    first, last = months[0], months[-1]
    click.echo(
        f"3. Running the monthly job for every month from {first} to {last}, each seeing "
        "only its own past"
    )
    results = backfill(db, first, last, progress=lambda r: click.echo(f"   {month_line(r)}"))

    click.echo(f"4. What the {last} run would post to Slack (no Slack credentials needed):")
    chart_dir = out_dir / "charts"
    chart_dir.mkdir(parents=True, exist_ok=True)
    told = [*results[-1].alerts, *results[-1].follow_ups] if results else []
    for preview in preview_run(db, last, told):
        click.echo(f"\n--- {preview.title()} ---\n{to_plain_text(preview.message)}")
        if preview.message.chart is not None:
            (chart_dir / preview.message.chart.filename).write_bytes(preview.message.chart.png)

    click.echo("\n5. The monthly performance report:")
    report = out_dir / f"report-{last}.html"
    ctx.invoke(digest_command, month=last, html_path=report, sensitive=False, force_slug=None)
    click.echo(
        f"\nDone. Charts in {chart_dir}/, the report in {report}, the database in "
        f"{ctx.obj['db_path']}. Try: scrutiny --db {ctx.obj['db_path']} series robbery "
        "west"
    )


def month_line(result: RunResult) -> str:
    """``2020-04: 3 alerts, 1 data notice, 2 follow-ups (54 findings; ...)``: the messages a
    month's run sends, against the findings behind them."""
    from messages.formats import plural

    if not result.series and not result.alerts:
        return f"{result.month}: nothing to test (no data for the month, or too little history)"
    notices = sum(e.lead.kind == "data-quality" for e in result.alerts)
    alerts = len(result.alerts) - notices
    sent = alerts + notices + len(result.follow_ups)
    return (
        f"{result.month}: {sent} messages: {plural(alerts, 'alert')}, "
        f"{plural(notices, 'data notice')}, {plural(len(result.follow_ups), 'follow-up')} "
        f"({plural(len(result.findings), 'finding')}; {result.tests:,} tests over "
        f"{result.series} series)"
    )


COMMANDS = [demo_command]
