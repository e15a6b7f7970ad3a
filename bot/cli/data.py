"""Data commands: ingest, areas, indicators, series."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import click

from storage.areas import list_areas
from storage.catalogue import indicators
from storage.db import open_db
from storage.errors import IngestError, LookupProblem


def _db(ctx: click.Context):
    return open_db(ctx.obj["db_path"])


def fail(message: str, code: int = 1) -> None:
    """Print an error for a person (no traceback) and exit."""
    click.secho(message, fg="red", err=True)
    sys.exit(code)


def run_ingest(db, paths: list[Path], areas_file: Path | None, *, quiet: bool = False):
    """Ingest with a progress bar; prints every problem and exits 1 if the input is rejected."""
    from storage.ingest import ingest, list_inputs  # pandas and pyarrow: only when ingesting

    try:
        inputs = list_inputs(paths, areas_file)
        with click.progressbar(
            length=sum(i.size for i in inputs) or 1, label="Reading", file=sys.stderr, hidden=quiet
        ) as bar:
            report = ingest(db, inputs, progress=bar.update)
    except IngestError as exc:
        fail(
            "Nothing was stored: the input has problems.\n"
            + "\n".join(f"  {p}" for p in exc.problems)
        )
    return report


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--areas",
    "areas_file",
    type=click.Path(path_type=Path),
    help="CSV local_authority,division mapping districts to divisions.",
)
@click.pass_context
def ingest_command(ctx: click.Context, paths: tuple[Path, ...], areas_file: Path | None) -> None:
    """Load data.police.uk street CSVs (files, folders, zips) and long-format CSVs."""
    report = run_ingest(_db(ctx), list(paths), areas_file)
    click.echo(report.summary())


@click.command("areas")
@click.pass_context
def areas_command(ctx: click.Context) -> None:
    """List the areas: force, divisions, districts."""
    for area in list_areas(_db(ctx)):
        parent = f" (in {area.parent})" if area.parent else ""
        click.echo(f"{area.slug:<28} {area.kind:<9} {area.name}{parent}")


@click.command("indicators")
def indicators_command() -> None:
    """List the indicator catalogue."""
    for indicator in indicators().values():
        flags = " [sensitive]" if indicator.sensitive else ""
        click.echo(f"{indicator.slug:<28} {indicator.unit:<10} {indicator.name}{flags}")


@click.command("series")
@click.argument("indicator")
@click.argument("area")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "json"]),
    default="table",
    show_default=True,
)
@click.pass_context
def series_command(ctx: click.Context, indicator: str, area: str, fmt: str) -> None:
    """Print the monthly series of INDICATOR in AREA (missing months shown as missing)."""
    from storage.series import resolve_indicator, series

    try:
        values = series(_db(ctx), resolve_indicator(indicator).slug, area)
    except LookupProblem as exc:
        fail(str(exc), code=2)
    rows = [(str(month), None if math.isnan(value) else value) for month, value in values.items()]
    if fmt == "json":
        click.echo(json.dumps([{"month": m, "value": _plain(v)} for m, v in rows]))
    elif fmt == "csv":
        click.echo("month,value")
        for month, value in rows:
            click.echo(f"{month},{'' if value is None else _plain(value)}")
    else:
        for month, value in rows:
            click.echo(f"{month}  {'missing' if value is None else f'{_plain(value):>10,}'}")


def _plain(value: float | None) -> float | int | None:
    """Counts print as integers; proportions keep their decimals."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else round(value, 6)


COMMANDS = [ingest_command, areas_command, indicators_command, series_command]
