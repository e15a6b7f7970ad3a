"""``scrutiny explain ALERT | INDICATOR [AREA]``: why an alert fired, as ``/scrutiny explain``
says it, in plain text."""

from __future__ import annotations

import click


@click.command("explain")
@click.argument("what")
@click.argument("area", required=False)
@click.pass_context
def explain_command(ctx: click.Context, what: str, area: str | None) -> None:
    """Why an alert fired: WHAT is an alert's id (as `scrutiny findings` lists them), or an
    indicator, for the latest finding for it in AREA (the force by default). Names are read
    as /scrutiny reads them."""
    from bot.cli.data import fail
    from bot.use_cases import (
        UnknownName,
        explanation,
        is_finding_id,
        latest_finding,
        latest_run,
        named,
        resolve_area,
        resolve_indicator,
    )
    from messages.plain_text import to_plain_text
    from messages.query_replies import explain_reply, no_finding_sentence
    from storage.areas import list_areas
    from storage.db import open_db

    db = open_db(ctx.obj["db_path"])
    if area is None and is_finding_id(what):
        found = named(db, what)
        if found is None:
            fail(f"There is no alert {what!r}: `scrutiny findings` lists them with their ids.")
    else:
        try:
            indicator = resolve_indicator(db, what)
            place = (
                resolve_area(db, area)
                if area
                else next((a for a in list_areas(db) if a.kind == "force"), None)
            )
        except UnknownName as exc:
            fail(str(exc), code=2)
        if place is None:
            fail("No data has been loaded yet.")
        found = latest_finding(db, indicator.slug, place.slug)
        if found is None:
            fail(
                f"{no_finding_sentence(indicator, place.name, latest_run(db))} "
                f"`scrutiny series {indicator.slug} {place.slug}` gives its figures."
            )
    shown = explanation(db, found)
    click.echo(
        to_plain_text(
            explain_reply(
                found.finding, found.indicator, found.area_name, year_on_year=shown.year_on_year
            )
        )
    )


COMMANDS = [explain_command]
