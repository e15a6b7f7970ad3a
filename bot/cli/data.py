"""Data commands: ingest, areas, indicators, series."""

from __future__ import annotations

import json
import math
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from bot.settings import Settings, SettingsError
from storage.areas import area_warnings, list_areas
from storage.breaks_file import BreaksFile, read_breaks_file
from storage.catalogue import builtin_indicators, indicators
from storage.db import open_db
from storage.errors import IngestError
from storage.indicator_file import IndicatorFile, read_indicator_file
from storage.month_window import MonthWindow, MonthWindows
from storage.sources import ReadLimits, UnreadableInput, read_table_file

if TYPE_CHECKING:  # pandas and pyarrow: imported only when ingesting
    from storage.ingest import IngestRules


def _db(ctx: click.Context):
    return open_db(ctx.obj["db_path"])


def fail(message: str, code: int = 1) -> NoReturn:
    """Print an error for a person (no traceback) and exit."""
    click.secho(message, fg="red", err=True)
    sys.exit(code)


def warn(lines: list[str]) -> None:
    for line in lines:
        click.secho(f"Warning: {line}", fg="yellow", err=True)


def ingest_rules(settings: Settings) -> IngestRules:
    from storage.ingest import IngestRules

    return IngestRules(
        months_ahead=settings.months_ahead,
        read_limits=ReadLimits(
            max_member_bytes=int(settings.max_member_mb * (1 << 20)),
            max_compression_ratio=settings.max_compression_ratio,
            max_table_bytes=int(settings.max_table_mb * (1 << 20)),
        ),
        memory_budget=int(settings.ingest_memory_mb * (1 << 20)),
    )


def run_ingest(
    db,
    paths: list[Path],
    areas_file: Path | None,
    *,
    rules: IngestRules | None = None,
    quiet: bool = False,
    indicator_file: IndicatorFile | None = None,
    breaks_file: BreaksFile | None = None,
    now: datetime | None = None,
):
    """Ingest with a progress bar; prints every problem and exits 1 if the input is rejected
    or the paths hold nothing to ingest; prints warnings about what was stored."""
    # pandas and pyarrow: only when ingesting
    from storage.ingest import IngestRules, ingest, list_inputs

    try:
        inputs = list_inputs(paths, areas_file) if paths or areas_file else []
        with click.progressbar(
            length=sum(i.size for i in inputs) or 1, label="Reading", file=sys.stderr, hidden=quiet
        ) as bar:
            report = ingest(
                db,
                inputs,
                now=now or datetime.now(UTC),
                rules=rules or IngestRules(),
                progress=bar.update,
                indicator_file=indicator_file,
                breaks_file=breaks_file,
            )
    except IngestError as exc:
        fail(
            "Nothing was stored: the input has problems.\n"
            + "\n".join(f"  {p}" for p in exc.problems)
        )
    if report.is_empty and (paths or areas_file):
        skipped = f" ({len(report.skipped)} files skipped: outcomes, stop and search)"
        fail(
            f"Nothing to ingest in {', '.join(map(str, paths))}: no street-level, long-format, "
            f"areas or national CSV files{skipped if report.skipped else ''}."
        )
    warn(report.warnings)
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
@click.option(
    "--breaks",
    "breaks_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="CSV indicator,month,reason of classification breaks besides the built-in ones; "
    "replaces the breaks file loaded before.",
)
@click.pass_context
def ingest_command(
    ctx: click.Context,
    paths: tuple[Path, ...],
    areas_file: Path | None,
    indicators_path: Path | None,
    breaks_path: Path | None,
) -> None:
    """Load data.police.uk street CSVs (files, folders, zips) and long-format CSVs, with the
    force's own indicator definitions (--indicators) and classification breaks (--breaks)."""
    if not (paths or areas_file or indicators_path or breaks_path):
        raise click.UsageError(
            "give the files to load, --areas FILE, --indicators FILE or --breaks FILE"
        )
    try:
        rules = ingest_rules(Settings.from_env())
    except SettingsError as exc:
        fail(str(exc), code=2)
    db = _db(ctx)
    now = datetime.now(UTC)
    window = MonthWindows.at(now, rules.months_ahead).published
    indicator_file, breaks_file = _definitions(
        db, indicators_path, breaks_path, window, rules.read_limits
    )
    report = run_ingest(
        db,
        list(paths),
        areas_file,
        rules=rules,
        indicator_file=indicator_file,
        breaks_file=breaks_file,
        now=now,
    )
    for loaded in (indicator_file, breaks_file):
        if loaded:
            click.echo(loaded.summary())
    if paths or areas_file:
        click.echo(report.summary())


def _definitions(
    db,
    indicators_path: Path | None,
    breaks_path: Path | None,
    window: MonthWindow,
    limits: ReadLimits,
) -> tuple[IndicatorFile | None, BreaksFile | None]:
    """The checked indicators and breaks files (breaks may name the file's indicators, in the
    months of ``window``), or every problem printed and exit 1."""
    try:
        indicator_file = (
            read_indicator_file(_read_bytes(indicators_path, limits), str(indicators_path))
            if indicators_path
            else None
        )
        catalogue = indicator_file.catalogue() if indicator_file else indicators(db)
        breaks_file = (
            read_breaks_file(_read_bytes(breaks_path, limits), str(breaks_path), catalogue, window)
            if breaks_path
            else None
        )
    except IngestError as exc:
        fail(
            "Nothing was stored: the input has problems.\n"
            + "\n".join(f"  {p}" for p in exc.problems)
        )
    return indicator_file, breaks_file


def _read_bytes(path: Path, limits: ReadLimits) -> bytes:
    try:
        return read_table_file(path, limits)
    except UnreadableInput as exc:
        raise IngestError([exc.problem]) from None


@click.command("areas")
@click.pass_context
def areas_command(ctx: click.Context) -> None:
    """List the areas: force, divisions, districts."""
    db = _db(ctx)
    for area in list_areas(db):
        parent = f" (in {area.parent})" if area.parent else ""
        click.echo(f"{area.slug:<28} {area.kind:<9} {area.name}{parent}")
    warn(area_warnings(db))


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
    from bot.use_cases import UnknownName, resolve_area, resolve_indicator
    from storage.series import series

    db = _db(ctx)
    try:
        values = series(db, resolve_indicator(db, indicator).slug, resolve_area(db, area).slug)
    except UnknownName as exc:
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
