"""The Slack app: the ``/scrutiny`` command, the alert buttons, and serving them over HTTP
(bolt's WSGI adapter under waitress) or Socket Mode. Built per process by ``create_app``; never
at import."""

from typing import TYPE_CHECKING

from bot.lazy import lazy_exports

if TYPE_CHECKING:
    from bot.slack.app import create_app
    from bot.slack.authorization import Authorizer, denied_reply
    from bot.slack.client import delivery_client, interactive_client
    from bot.slack.commands import COMMAND
    from bot.slack.context import BotContext
    from bot.slack.query import Query
    from bot.slack.server import (
        EVENTS_PATH,
        HEALTH_PATH,
        freeze_startup_heap,
        http_server,
        in_background,
        serve,
        wsgi_app,
    )

EXPORTS = {
    "create_app": "app",
    "BotContext": "context",
    "Authorizer": "authorization",
    "denied_reply": "authorization",
    "interactive_client": "client",
    "delivery_client": "client",
    "wsgi_app": "server",
    "http_server": "server",
    "in_background": "server",
    "serve": "server",
    "freeze_startup_heap": "server",
    "EVENTS_PATH": "server",
    "HEALTH_PATH": "server",
    "COMMAND": "commands",
    "Query": "query",
}
__all__ = [
    "COMMAND",
    "EVENTS_PATH",
    "HEALTH_PATH",
    "Authorizer",
    "BotContext",
    "Query",
    "create_app",
    "delivery_client",
    "denied_reply",
    "freeze_startup_heap",
    "http_server",
    "in_background",
    "interactive_client",
    "serve",
    "wsgi_app",
]
__getattr__, __dir__ = lazy_exports(__name__, EXPORTS)
