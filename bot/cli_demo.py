"""``scrutiny demo``: the monthly job end to end on the bundled Lancashire data, no Slack."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import click

from bot.cli_data import run_ingest
from storage.db import open_db
from storage.demo_data import write_demo_files


@click.command("demo")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("out"),
              show_default=True, help="Folder for the demo's files, charts and report.")
@click.pass_context
def demo_command(ctx: click.Context, out_dir: Path) -> None:
    """Load the bundled Lancashire data and run the monthly job on it, printing the results."""
    db = open_db(ctx.obj["db_path"])
    data_dir = out_dir / "demo-data"
    click.echo(f"1. Writing the bundled Lancashire data as data.police.uk files in {data_dir}/")
    files = write_demo_files(data_dir)
    areas = Path(str(resources.files("storage").joinpath("data", "lancashire-areas.csv")))
    click.echo(f"2. Ingesting {len(files)} monthly files with the Lancashire areas file")
    report = run_ingest(db, [data_dir], areas, quiet=True)
    click.echo(f"   {report.summary()}")


COMMANDS = [demo_command]
