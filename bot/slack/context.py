"""What every listener needs, built once in ``create_app`` and passed to each ``register``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlite_utils import Database

from bot.database import Databases
from bot.settings import Settings
from bot.slack.authorization import Authorizer
from bot.slack.slow_work import SlowWork


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class BotContext:
    settings: Settings
    databases: Databases
    authorizer: Authorizer
    now: Callable[[], datetime] = utc_now
    # Slow work after the ack (queries, charts, breakdowns) is queued here, bounded, with a
    # fair share per person: listeners only ack and queue.
    slow_work: SlowWork = field(init=False)

    def __post_init__(self) -> None:
        work = SlowWork(
            threads=self.settings.slow_threads,
            capacity=self.settings.slow_queue,
            per_requester=self.settings.slow_per_user,
        )
        object.__setattr__(self, "slow_work", work)  # frozen: set once, here

    @property
    def db(self) -> Database:
        """The calling thread's connection."""
        return self.databases.get()

    def sensitive_ok(self, channel_id: str) -> bool:
        """Whether sensitive indicators may be shown in this channel."""
        return channel_id in self.settings.sensitive_channels

    def timestamp(self) -> str:
        return self.now().isoformat(timespec="seconds")
