"""The bolt app factory: one ``App`` per process, built from the settings, never at import."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App, Respond
from slack_sdk import WebClient

from bot.database import Databases
from bot.settings import Settings
from bot.slack import actions, commands
from bot.slack.apology import apologise
from bot.slack.authorization import Authorizer
from bot.slack.client import interactive_client
from bot.slack.context import BotContext

log = logging.getLogger(__name__)


def create_app(
    settings: Settings, db: Databases, *, client: WebClient | None = None, warm_up: bool = False
) -> App:
    """The app with every listener registered. Calls ``auth.test`` once to check the token;
    ``warm_up`` answers one query first (for a server about to listen)."""
    settings.require_server()
    client = client or interactive_client(settings)
    app = App(
        name="scrutiny",
        client=client,
        # Socket Mode requests are not signed; HTTP ones are checked against the secret.
        signing_secret=settings.signing_secret or "",
        request_verification_enabled=not settings.socket_mode,
        token_verification_enabled=True,
        # Listeners do the slow work after ack(); bolt's default of 5 threads would queue
        # the 6th concurrent user behind the others.
        listener_executor=ThreadPoolExecutor(
            max_workers=settings.listener_threads, thread_name_prefix="listener"
        ),
    )
    context = BotContext(settings=settings, databases=db, authorizer=Authorizer(settings, client))
    commands.register(app, context)
    actions.register(app, context)
    register_error_handler(app)
    if warm_up:
        commands.warm_up(context)
    return app


def register_error_handler(app: App) -> None:
    @app.error
    def on_error(error: Exception, body: dict[str, Any], respond: Respond | None) -> None:
        # Bolt has already acknowledged; the person gets an apology, never the traceback,
        # and the log gets the whole story.
        log.error("listener failed for %s", body.get("command") or body.get("type"), exc_info=error)
        if respond is not None and body.get("response_url"):
            apologise(respond)
