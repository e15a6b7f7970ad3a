"""The worker: the monthly schedule and the outbox, in whichever process holds the lease.

Any number of workers may run; one holds the lease and does the work, the others wait to take
over. The delivery loop is the only sender of the outbox in the process; the monthly job only
queues deliveries and wakes the loop.

Every job runs under one supervisor (bot/worker/supervisor.py): a fault is logged, backed off
and retried, never the end of the loop. The loop writes a heartbeat (storage/heartbeats.py)
after every pass and before every delivery, with the supervisor's record of failing jobs and
the time by which it will beat again; /healthz reads it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from functools import partial

from slack_sdk import WebClient

from bot.database import Databases
from bot.delivery import Deliverer, DeliveryFault
from bot.settings import Settings
from bot.slack import delivery_client
from bot.worker.health import beat_deadline, describe_jobs
from bot.worker.lease_keeper import LeaseKeeper
from bot.worker.scheduler import MonthlySchedule
from bot.worker.supervisor import Supervisor
from storage import heartbeats

log = logging.getLogger(__name__)

DELIVERY_JOB = "delivery"
HEARTBEAT_JOB = "heartbeat"


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
        self.supervisor = Supervisor(base=settings.retry_base, cap=settings.retry_cap)
        self.keeper = LeaseKeeper(
            databases,
            ttl=settings.lease_ttl,
            on_acquired=self._on_acquired,
            on_lost=self._on_lost,
            supervisor=self.supervisor,
        )
        self.started_at = time.time()
        self.thread: threading.Thread | None = None

        self.schedule = None
        if run_month is not None:

            def run_and_wake(month: str) -> None:
                try:
                    run_month(month)
                finally:
                    # Deliver what the run queued, and beat with how it went, now.
                    self.wake.set()

            self.schedule = MonthlySchedule(
                settings,
                databases,
                run_and_wake,
                holder=self.keeper.holder,
                may_run=self.keeper.holds,
                supervisor=self.supervisor,
            )
        self.client = client
        self._deliverer: Deliverer | None = None

    @property
    def holder(self) -> str:
        return self.keeper.holder

    def start_thread(self) -> threading.Thread:
        """Run the worker on a daemon thread (``serve --with-worker``); /healthz watches it."""
        self.thread = threading.Thread(target=self.run, name="worker", daemon=True)
        self.thread.start()
        return self.thread

    def _on_acquired(self) -> None:
        if self.schedule is not None:
            self.schedule.start()
        self.wake.set()

    def _on_lost(self) -> None:
        if self.schedule is not None:
            self.schedule.stop()

    def run(self) -> None:
        """Work until ``stop()``; then hand the lease over."""
        self.keeper.start()
        try:
            while not self._stop.is_set():
                self.wake.clear()
                wait = self.settings.delivery_poll
                if self.client is not None and self.keeper.holds():
                    wait = min(wait, self._delivery_pass())
                self.supervisor.run(HEARTBEAT_JOB, partial(self._beat, wait))
                self.wake.wait(wait)  # or until a run finishes, the lease is taken, or stop()
        finally:
            self._on_lost()
            self.keeper.stop()
            self.supervisor.run(HEARTBEAT_JOB, self._stopped)

    def _delivery_pass(self) -> float:
        """Deliver what is due, under the supervisor; how long to wait before the next pass."""
        delivered = self.supervisor.run(DELIVERY_JOB, self._deliver)
        if delivered.value is not None:
            return delivered.value
        if isinstance(delivered.exception, DeliveryFault):
            return 0.0  # that delivery waits out its own backoff; the ones behind it need not
        return delivered.retry_in

    def _beat(self, wait: float = 0.0) -> None:
        """Tell the health check this worker is alive and will beat again within ``wait`` (plus
        the time one delivery may take)."""
        now = time.time()
        heartbeats.beat(
            self.databases.get(),
            self.holder,
            started_at=self.started_at,
            now=now,
            due_by=beat_deadline(now, wait, self.settings),
            holds_lease=self.keeper.holds(),
            jobs=describe_jobs(self.supervisor.jobs()),
        )

    def _stopped(self) -> None:
        heartbeats.stopped(self.databases.get(), self.holder, now=time.time())

    def _may_deliver(self) -> bool:
        """Asked before each delivery of a pass: still the lease holder? Beats on the way."""
        self.supervisor.run(HEARTBEAT_JOB, self._beat)
        return self.keeper.holds()

    def stop(self) -> None:
        self._stop.set()
        self.wake.set()

    def _deliver(self) -> float:
        """One pass over the outbox; how long until the next delivery is due."""
        if self._deliverer is None:
            assert self.client is not None  # the loop delivers only with a client
            # Made on the loop's thread: its database connection belongs to it.
            self._deliverer = Deliverer(
                self.databases.get(), self.client, self.settings, may_deliver=self._may_deliver
            )
        deliverer = self._deliverer
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
