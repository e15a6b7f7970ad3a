"""Data commands: ingest, areas, indicators, series."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import NoReturn

import click

from storage.areas import list_areas
from storage.catalogue import builtin_indicators, indicators
from storage.db import open_db
from storage.errors import IngestError, InputProblem, LookupProblem
from storage.indicator_file import IndicatorFile, read_indicator_file
from storage.ingest import ingest, list_inputs
from storage.series import resolve_indicator, series


def _db(ctx: click.Context):
    return open_db(ctx.obj["db_path"])


def fail(message: str, code: int = 1) -> NoReturn:
    """Print an error for a person (no traceback) and exit."""
    click.secho(message, fg="red", err=True)
    sys.exit(code)


def run_ingest(
    db,
    paths: list[Path],
    areas_file: Path | None,
    *,
    quiet: bool = False,
    indicator_file: IndicatorFile | None = None,
):
    """Ingest with a progress bar; prints every problem and exits 1 if the input is rejected."""
    try:
        inputs = list_inputs(paths, areas_file) if paths or areas_file else []
        with click.progressbar(
            length=sum(i.size for i in inputs) or 1, label="Reading", file=sys.stderr, hidden=quiet
        ) as bar:
            report = ingest(db, inputs, progress=bar.update, indicator_file=indicator_file)
    except IngestError as exc:
        fail(
            "Nothing was stored: the input has problems.\n"
            + "\n".join(f"  {p}" for p in exc.problems)
        )
    return report


@click.command("ingest")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--areas",
    "areas_file",
    type=click.Path(path_type=Path),
    help="CSV local_authority,division mapping districts to divisions.",
)
@click.option(
    "--indicators",
    "indicators_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="CSV of the force's own indicators (the built-in catalogue's columns); replaces the "
    "indicators file loaded before.",
)
@click.pass_context
def ingest_command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    areas_file: Path | None,
    indicators_path: Path | None,
) -> None:
    """Load data.police.uk street CSVs (files, folders, zips) and long-format CSVs, with the
    force's own indicator definitions (--indicators) when given."""
    if not paths and not areas_file and not indicators_path:
        raise click.UsageError("give the files to load, --areas FILE or --indicators FILE")
    indicator_file = _indicator_file(indicators_path) if indicators_path else None
    report = run_ingest(_db(ctx), list(paths), areas_file, indicator_file=indicator_file)
    if indicator_file:
        click.echo(indicator_file.summary())
    if paths or areas_file:
        click.echo(report.summary())


def _indicator_file(path: Path) -> IndicatorFile:
    """The checked file, or every problem printed and exit 1."""
    try:
        return read_indicator_file(_read_bytes(path), str(path))
    except IngestError as exc:
        fail(
            "Nothing was stored: the indicators file has problems.\n"
            + "\n".join(f"  {p}" for p in exc.problems)
        )


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise IngestError([InputProblem(str(path), f"cannot be read: {exc.strerror}")]) from None


@click.command("areas")
@click.pass_context
def areas_command(ctx: click.Context) -> None:
    """List the areas: force, divisions, districts."""
    for area in list_areas(_db(ctx)):
        parent = f" (in {area.parent})" if area.parent else ""
        click.echo(f"{area.slug:<28} {area.kind:<9} {area.name}{parent}")


@click.command("indicators")
@click.pass_context
def indicators_command(ctx: click.Context) -> None:
    """List the indicator catalogue: built-in, and the loaded indicators file's (which may
    override a built-in)."""
    built_in = builtin_indicators()
    for indicator in indicators(_db(ctx)).values():
        whose: str = indicator.origin
        if indicator.origin == "file" and indicator.slug in built_in:
            whose = "file (overrides built-in)"
        flags = " [sensitive]" if indicator.sensitive else ""
        click.echo(
            f"{indicator.slug:<28} {indicator.unit:<10} {indicator.measure:<10} {whose:<26} "
            f"{indicator.name}{flags}"
        )


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
    db = _db(ctx)
    try:
        values = series(db, resolve_indicator(db, indicator).slug, area)
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
