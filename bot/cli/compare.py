"""``scrutiny compare INDICATOR AREA --month YYYY-MM``: the In Year Performance of an area
beside its region, groups and England & Wales (a force), or its division and force (a division
or district)."""

from __future__ import annotations

import json
from typing import Any

import click

from months import is_month


def _month(_ctx: click.Context, _param: click.Parameter, value: str) -> str:
    if not is_month(value):
        raise click.BadParameter(f"{value!r} is not a month like 2017-06")
    return value


def as_json(result: Any) -> dict[str, Any]:
    """The comparison as ``scrutiny compare --format json`` prints it."""
    from messages.comparison import rank_order

    comparison = result.comparison
    places = 4 if comparison.measure == "proportion" else 2  # fractions: 0.8053 = 80.53%
    return {
        "indicator": comparison.indicator,
        "month": comparison.month,
        "measure": comparison.measure,
        "rows": [
            {
                "level": r.level,
                "area": r.area,
                "name": r.name,
                "source": r.source,
                "current": _plain(r.current, places),
                "previous": _plain(r.previous, places),
                "change": _plain(r.change, places),
                "percent": None if r.percent is None else round(r.percent, 2),
            }
            for r in comparison.rows
        ],
        "forces_up": comparison.forces_up,
        "forces": comparison.forces,
        "rank": [
            {"level": r.level, "area": r.area, "name": r.name, "place": r.place, "of": r.of}
            for r in comparison.ranks
        ],
        "rank_order": rank_order(result.indicator),
        "breaks": [{"month": b.month, "reason": b.reason} for b in result.breaks],
        "notes": list(result.notes),
    }


def _plain(value: float, places: int) -> float | int:
    return int(value) if float(value).is_integer() else round(value, places)


@click.command("compare")
@click.argument("indicator")
@click.argument("area")
@click.option("--month", required=True, callback=_month, help="Last month of the 12, YYYY-MM.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
)
@click.pass_context
def compare_command(ctx: click.Context, indicator: str, area: str, month: str, fmt: str) -> None:
    """INDICATOR in AREA for the 12 months to MONTH against the 12 before, beside its parents:
    a force beside its region, groups and England & Wales (Home Office recorded crime, at a
    quarter end), a division or district beside its division and force (the figures it has)."""
    from bot.cli.data import fail
    from bot.use_cases import (
        CompareProblem,
        UnknownName,
        compare_area,
        resolve_compared_area,
        resolve_indicator,
    )
    from messages.comparison import comparison_table
    from storage.db import open_db

    db = open_db(ctx.obj["db_path"])
    try:
        found = resolve_indicator(db, indicator)
        place = resolve_compared_area(db, area)
        result = compare_area(db, found, place, month)
    except UnknownName as exc:
        fail(str(exc), code=2)
    except CompareProblem as exc:
        fail(f"Cannot compare: {exc}.")
    if fmt == "json":
        click.echo(json.dumps(as_json(result), indent=2))
    else:
        click.echo(comparison_table(result.comparison, result.indicator, result.notes))


COMMANDS = [compare_command]
