"""What every listener needs, built once in ``create_app`` and passed to each ``register``."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlite_utils import Database

from bot.database import Databases
from bot.settings import Settings
from bot.slack.authorization import Authorizer


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class BotContext:
    settings: Settings
    databases: Databases
    authorizer: Authorizer
    now: Callable[[], datetime] = utc_now
    # Slow work after the ack (queries, charts) holds one of these slots: with few threads
    # competing for the GIL, the acks of new requests are not held up behind them.
    slow_work: threading.BoundedSemaphore = field(
        default_factory=lambda: threading.BoundedSemaphore(2)
    )

    @property
    def db(self) -> Database:
        """The calling thread's connection."""
        return self.databases.get()

    def sensitive_ok(self, channel_id: str) -> bool:
        """Whether sensitive indicators may be shown in this channel."""
        return channel_id in self.settings.sensitive_channels

    def timestamp(self) -> str:
        return self.now().isoformat(timespec="seconds")
