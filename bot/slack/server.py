"""Serving the app: bolt's WSGI adapter under waitress, or Socket Mode.

HTTP mode answers Slack at ``/slack/events`` and health checks at ``GET /healthz``. Socket Mode
(``SLACK_APP_TOKEN`` set) needs no public URL; ``/healthz`` is still served on the port so a
platform can tell the process is alive. ``/healthz`` also says how the worker is doing
(bot/worker/health.py), and answers 503 when the worker this process runs has stopped or is
stuck, so that a platform restarts the process.
"""

from __future__ import annotations

import gc
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from waitress import create_server
from waitress.server import BaseWSGIServer, MultiSocketServer

from bot.database import Databases
from bot.settings import Settings
from bot.worker import worker_health
from storage import outbox

if TYPE_CHECKING:
    from bot.worker import Worker

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
MAX_BODY = 1024 * 1024  # Slack's payloads are a few KB; refuse anything near this

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def health(
    db: Databases, mode: str, *, worker: Worker | None = None, now: float | None = None
) -> tuple[int, dict[str, Any]]:
    """200 with the outbox's and the worker's state when the database answers; 503 when it does
    not, or when ``worker`` (run by this process) has stopped or its heartbeat is overdue."""
    try:
        database = db.get()
        counts = outbox.counts(database)
        healthy, report = worker_health(
            database, time.time() if now is None else now, worker=worker
        )
    except sqlite3.Error as error:
        return 503, {"ok": False, "mode": mode, "error": type(error).__name__}
    body = {"ok": healthy, "mode": mode, "outbox": counts, "worker": report}
    return (200 if healthy else 503), body


def wsgi_app(
    bolt_app: App | None, db: Databases, *, mode: str = "http", worker: Worker | None = None
) -> WsgiApp:
    """``/healthz`` here; everything else to bolt (404 without an app, as in Socket Mode).
    ``worker``: the worker this process runs, if any."""
    slack = SlackRequestHandler(bolt_app, path=EVENTS_PATH) if bolt_app is not None else None

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH and environ.get("REQUEST_METHOD") in (
            "GET",
            "HEAD",
        ):
            status, body = health(db, mode, worker=worker)
            return _json(start_response, status, body)
        if slack is None:
            return _json(start_response, 404, {"ok": False, "error": "not found"})
        return slack(environ, start_response)

    return application


def _json(start_response: Callable[..., Any], status: int, body: dict[str, Any]) -> list[bytes]:
    data = json.dumps(body).encode()
    reason = {200: "OK", 404: "Not Found", 503: "Service Unavailable"}[status]
    start_response(
        f"{status} {reason}",
        [("Content-Type", "application/json"), ("Content-Length", str(len(data)))],
    )
    return [data]


def http_server(
    application: WsgiApp, settings: Settings, *, host: str = "0.0.0.0", port: int | None = None
) -> BaseWSGIServer | MultiSocketServer:
    """A waitress server, bound but not yet running (``.run()``; ``.close()`` to stop)."""
    return create_server(
        application,
        host=host,
        port=settings.port if port is None else port,
        threads=settings.http_threads,
        max_request_body_size=MAX_BODY,
        ident="scrutiny",
        clear_untrusted_proxy_headers=True,
    )


def freeze_startup_heap() -> None:
    """Exclude everything loaded so far (pandas, matplotlib, the catalogue) from garbage
    collection: a full collection then scans only what requests allocate, and its pauses,
    which stop the threads that ack, shrink from ~200 ms to tens of ms (bench/slash.py)."""
    gc.collect()
    gc.freeze()


@contextmanager
def in_background(server: BaseWSGIServer) -> Iterator[str]:
    """Run ``server`` on a thread (tests, benchmarks); yields its URL; stops it cleanly."""
    thread = threading.Thread(target=server.run, name="http", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        # Closed from inside its own loop, so the loop is not left polling closed sockets.
        server.trigger.pull_trigger(server.close)
        thread.join(timeout=10)
        server.task_dispatcher.shutdown()


def serve(
    bolt_app: App,
    db: Databases,
    settings: Settings,
    *,
    port: int | None = None,
    worker: Worker | None = None,
) -> None:
    """Run until interrupted: Socket Mode if an app token is set, else HTTP. ``worker``: the
    worker running on a thread of this process, for /healthz."""
    if settings.socket_mode:
        handler = SocketModeHandler(bolt_app, app_token=settings.app_token)
        handler.connect()
        log.info("connected to Slack in Socket Mode")
        server = http_server(wsgi_app(None, db, mode="socket", worker=worker), settings, port=port)
    else:
        server = http_server(wsgi_app(bolt_app, db, worker=worker), settings, port=port)
    log.info("listening on %s", server.effective_port)
    freeze_startup_heap()
    try:
        server.run()
    finally:
        server.close()
        if settings.socket_mode:
            handler.close()
