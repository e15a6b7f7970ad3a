"""``scrutiny demo``: the monthly job end to end on the bundled Lancashire data, no Slack."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import click

from bot.cli.data import run_ingest
from bot.cli.digest import digest_command
from bot.delivery import preview_run
from bot.use_cases import backfill, stored_findings
from messages.plain_text import to_plain_text
from storage.db import open_db
from storage.demo_data import write_demo_files


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
    backfill(
        db,
        first,
        last,
        progress=lambda r: click.echo(
            f"   {r.month}: {len(r.alerts)} new alerts, {len(r.follow_ups)} follow-ups, "
            f"{len(r.findings)} findings ({r.tests:,} tests over {r.series} series)"
            if r.series
            else f"   {r.month}: nothing to test (no data for the month, or too little history)"
        ),
    )

    click.echo(f"4. What the {last} run would post to Slack (no Slack credentials needed):")
    chart_dir = out_dir / "charts"
    chart_dir.mkdir(parents=True, exist_ok=True)
    for preview in preview_run(db, last, stored_findings(db, first=last, last=last)):
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


COMMANDS = [demo_command]
