"""Helpers for tests that run a worker on a thread of the test process."""

from __future__ import annotations

import time
from collections.abc import Callable

from slack_sdk import WebClient

from bot.settings import Settings


def wait_for(condition: Callable[[], object], what: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def web_client(settings: Settings, cls: type[WebClient] = WebClient) -> WebClient:
    """A delivery client for the Slack imitation (no automatic retries, as in the bot)."""
    return cls(token=settings.bot_token, base_url=settings.api_url, retry_handlers=[])
