"""The worker: the monthly schedule and the outbox, in whichever process holds the lease.

Any number of workers may run; one holds the lease and does the work, the others wait to take
over. The delivery loop is the only sender of the outbox in the process; the monthly job only
queues deliveries and wakes the loop.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from slack_sdk import WebClient

from bot.database import Databases
from bot.delivery import Deliverer
from bot.settings import Settings
from bot.slack import delivery_client
from bot.worker.lease_keeper import LeaseKeeper
from bot.worker.scheduler import MonthlySchedule

log = logging.getLogger(__name__)


class Worker:
    def __init__(
        self,
        settings: Settings,
        databases: Databases,
        run_month: Callable[[str], object] | None,
        *,
        client: WebClient | None,
    ):
        """``run_month``: the monthly job (None: deliver only, schedule nothing);
        ``client``: None when Slack is not configured (deliveries wait in the outbox)."""
        self.settings = settings
        self.databases = databases
        self.wake = threading.Event()
        self._stop = threading.Event()
        self.keeper = LeaseKeeper(
            databases, ttl=settings.lease_ttl, on_acquired=self._on_acquired, on_lost=self._on_lost
        )

        self.schedule = None
        if run_month is not None:

            def run_and_wake(month: str) -> None:
                run_month(month)
                self.wake.set()  # deliver what the run queued now, not at the next poll

            self.schedule = MonthlySchedule(
                settings,
                databases,
                run_and_wake,
                holder=self.keeper.holder,
                may_run=self.keeper.holds,
            )
        self.client = client

    def _on_acquired(self) -> None:
        if self.schedule is not None:
            self.schedule.start()
        self.wake.set()

    def _on_lost(self) -> None:
        if self.schedule is not None:
            self.schedule.stop()

    def run(self) -> None:
        """Work until ``stop()``; then hand the lease over."""
        # Made here: its database connection belongs to this thread.
        deliverer = (
            Deliverer(
                self.databases.get(), self.client, self.settings, may_deliver=self.keeper.holds
            )
            if self.client
            else None
        )
        self.keeper.start()
        try:
            while not self._stop.is_set():
                self.wake.clear()
                wait = self.settings.delivery_poll
                if deliverer is not None and self.keeper.holds():
                    wait = min(wait, self._deliver(deliverer))
                self.wake.wait(wait)  # or until a run finishes, the lease is taken, or stop()
        finally:
            self._on_lost()
            self.keeper.stop()

    def stop(self) -> None:
        self._stop.set()
        self.wake.set()

    def _deliver(self, deliverer: Deliverer) -> float:
        """One pass over the outbox; how long until the next delivery is due."""
        next_at = deliverer.next_pass_at(deliverer.deliver_due())
        if next_at is None:
            return self.settings.delivery_poll
        return max(0.0, next_at - deliverer.clock())


def deliver_now(databases: Databases, settings: Settings, *, timeout: float = 300.0) -> str:
    """Send the outbox from this process unless a worker holds the lease (it will send it).

    Returns "delivered", "left to the worker", or "still waiting" (Slack kept refusing or
    rate-limiting past ``timeout``; the worker or the next call goes on from there).
    """
    settings.require_slack()
    keeper = LeaseKeeper(databases, ttl=settings.lease_ttl)
    if not keeper.try_once():
        return "left to the worker"
    keeper.start()  # renews the lease while the outbox drains
    try:
        deliverer = Deliverer(
            databases.get(), delivery_client(settings), settings, may_deliver=keeper.holds
        )
        done = deliverer.drain(deadline=time.time() + timeout)
    finally:
        keeper.stop()
    return "delivered" if done else "still waiting"
