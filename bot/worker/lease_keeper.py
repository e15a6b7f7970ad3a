"""Holding the worker lease from a background thread: take it when free, renew it, let go.

The holder renews every third of the lease's time to live, so a slow job or delivery never lets
it lapse; a process that dies stops renewing and a standby takes over once the lease expires.
``holds()`` is what the scheduler and the outbox ask before acting.
"""

from __future__ import annotations

import logging
import os
import socket
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable

from bot.database import Databases
from bot.worker.supervisor import Supervisor
from storage import leases

log = logging.getLogger(__name__)

WORKER_LEASE = "worker"
JOB = "lease"
# Stop acting this long before the lease would lapse, so a renewal that is late never lets
# two processes act at once.
SAFETY_MARGIN = 0.2  # of the time to live


def holder_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class LeaseKeeper:
    def __init__(
        self,
        databases: Databases,
        *,
        ttl: float,
        name: str = WORKER_LEASE,
        holder: str | None = None,
        clock: Callable[[], float] = time.time,
        on_acquired: Callable[[], None] = lambda: None,
        on_lost: Callable[[], None] = lambda: None,
        supervisor: Supervisor | None = None,
    ):
        self.databases = databases
        self.name = name
        self.holder = holder or holder_id()
        self.ttl = ttl
        self.clock = clock
        self.on_acquired = on_acquired
        self.on_lost = on_lost
        # Retries come well inside the lease's time to live, so one fault does not lose it.
        self.supervisor = supervisor or Supervisor(base=ttl / 10, cap=ttl / 3)
        self._valid_until = 0.0
        self._held = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"lease-{name}", daemon=True)

    def holds(self) -> bool:
        return self.clock() < self._valid_until

    def try_once(self) -> bool:
        """Take or renew the lease now; True while this process holds it."""
        now = self.clock()
        try:
            got = leases.acquire(
                self.databases.get(), self.name, self.holder, ttl=self.ttl, now=now
            )
        except sqlite3.OperationalError as error:  # the database is locked or gone for now
            log.warning("could not renew the %s lease: %s", self.name, error)
            got = False
        self._valid_until = now + self.ttl * (1 - SAFETY_MARGIN) if got else 0.0
        # Marked held or lost only once its callback has run, so a callback that fails (the
        # scheduler did not start) runs again at the next try.
        if got and not self._held:
            log.info("%s holds the %s lease", self.holder, self.name)
            self.on_acquired()
            self._held = True
        elif not got and self._held:
            log.warning("%s lost the %s lease", self.holder, self.name)
            self.on_lost()
            self._held = False
        return got

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            attempt = self.supervisor.run(JOB, self.try_once)
            self._stop.wait(self.ttl / 3 if attempt.ok else min(self.ttl / 3, attempt.retry_in))

    def stop(self) -> None:
        """Stop renewing and hand the lease over at once."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join()
        if self._held:
            self._held = False
            self._valid_until = 0.0
            self.on_lost()
        leases.release(self.databases.get(), self.name, self.holder)
