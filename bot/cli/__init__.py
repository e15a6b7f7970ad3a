"""The ``scrutiny`` command line. Each command group lives in its own module and is added here."""

from __future__ import annotations

import click

from bot.settings import Settings


@click.group()
@click.option(
    "--db",
    "db_path",
    envvar="SCRUTINY_DB",
    default=Settings.db_path,
    show_default=True,
    help="SQLite database file (or set SCRUTINY_DB).",
)
@click.pass_context
def cli(ctx: click.Context, db_path: str) -> None:
    """scrutiny: exceptional police performance figures, found and explained."""
    ctx.obj = {"db_path": db_path}


def _add_commands() -> None:
    from bot.cli import compare, data, demo, detect, digest, explain, serve

    for module in (data, compare, detect, explain, digest, serve, demo):
        for command in module.COMMANDS:
            cli.add_command(command)


def main() -> None:
    _add_commands()
    cli(prog_name="scrutiny")


if __name__ == "__main__":
    main()
