"""``scrutiny serve`` (the Slack app), ``scrutiny worker`` (schedule and delivery) and
``scrutiny outbox`` (what is waiting, what failed)."""

from __future__ import annotations

import logging
import signal
import sys
from dataclasses import replace
from functools import partial
from typing import Any

import click

from bot.database import Databases
from bot.settings import Settings, SettingsError
from storage import outbox


def load_settings(ctx: click.Context, **changes: Any) -> Settings:
    """The environment's settings, read once here; ``--db`` wins over SCRUTINY_DB."""
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        raise click.UsageError(str(error)) from None
    return replace(settings, db_path=ctx.obj["db_path"], **changes)


def _logging() -> None:
    logging.basicConfig(
        level=logging.INFO,
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def _worker(settings: Settings, databases: Databases, *, schedule: bool):
    from bot.slack import delivery_client
    from bot.worker import Worker

    run_month = None
    if schedule:
        from bot.worker import queue_month

        run_month = partial(queue_month, databases, settings)
    client = delivery_client(settings) if settings.slack_configured else None
    return Worker(settings, databases, run_month, client=client)


def _stop_on_signals(stop: Any) -> None:
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: stop())


@click.command("serve")
@click.option("--port", type=int, help="Port for HTTP mode and /healthz (default $PORT or 3000).")
@click.option(
    "--with-worker",
    is_flag=True,
    help="Also run the worker (schedule and delivery) in this process. A lease keeps "
    "it to one process however many are started.",
)
@click.pass_context
def serve_command(ctx: click.Context, port: int | None, with_worker: bool) -> None:
    """Run the Slack app: HTTP at /slack/events, or Socket Mode when SLACK_APP_TOKEN is set."""
    from bot.slack import create_app, serve

    _logging()
    settings = load_settings(ctx)
    try:
        settings.require_server()
    except SettingsError as error:
        raise click.UsageError(str(error)) from None
    databases = Databases(settings.db_path)
    app = create_app(settings, databases, warm_up=True)
    worker = _worker(settings, databases, schedule=True) if with_worker else None
    if worker is not None:
        worker.start_thread()  # a daemon: /healthz answers 503 if it stops or sticks
    try:
        serve(app, databases, settings, port=port, worker=worker)
    finally:
        if worker is not None:
            worker.stop()  # hand the lease over now, not when it expires
            if worker.thread is not None:
                worker.thread.join(timeout=settings.lease_ttl)


@click.command("worker")
@click.option("--no-schedule", is_flag=True, help="Deliver the outbox only; no monthly job.")
@click.pass_context
def worker_command(ctx: click.Context, no_schedule: bool) -> None:
    """Run the monthly schedule and deliver the outbox, in whichever worker holds the lease."""
    _logging()
    settings = load_settings(ctx)
    worker = _worker(settings, Databases(settings.db_path), schedule=not no_schedule)
    _stop_on_signals(worker.stop)
    worker.run()


@click.command("outbox")
@click.option("--retry-failed", is_flag=True, help="Queue the failed deliveries again.")
@click.pass_context
def outbox_command(ctx: click.Context, retry_failed: bool) -> None:
    """Deliveries waiting or failed, and counts by state."""
    from storage.db import open_db

    db = open_db(ctx.obj["db_path"])
    if retry_failed:
        click.echo(f"{outbox.requeue_failed(db)} failed deliveries queued again")
    counts = outbox.counts(db)
    click.echo(", ".join(f"{state}: {n}" for state, n in sorted(counts.items())) or "empty")
    for delivery in outbox.in_states(db, "pending", "in_doubt", "failed"):
        click.echo(
            f"{delivery.state:<9} {delivery.key}  attempts={delivery.attempts}"
            f"{'  ' + delivery.last_error if delivery.last_error else ''}"
        )


COMMANDS = [serve_command, worker_command, outbox_command]
