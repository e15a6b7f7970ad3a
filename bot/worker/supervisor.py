"""The worker's supervisor: a fault in one of its jobs (the monthly run, a delivery pass, the
lease) is logged with its traceback, waited out with a growing backoff and tried again, and the
job's failures are kept for the health check. No fault in a job ends the worker.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


@dataclass(frozen=True)
class Attempt(Generic[T]):
    """How one run of a job went: its value, or the error and how long to wait before the next
    try."""

    value: T | None = None
    error: str | None = None  # "Type: message" of the fault; None when the job succeeded
    retry_in: float = 0.0
    exception: Exception | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class JobHealth:
    """A job's record: failures in a row (0 once it succeeds again) and the latest fault."""

    failures: int = 0
    last_error: str | None = None
    failed_at: float | None = None
    retry_at: float | None = None  # when the job is tried again, while it is failing
    ok_at: float | None = None


def backoff(failures: int, *, base: float, cap: float) -> float:
    """Seconds to wait after the ``failures``-th fault in a row: base, 2 base, 4 base ... cap."""
    return min(cap, base * 2 ** max(0, failures - 1))


class Supervisor:
    def __init__(self, *, base: float, cap: float, clock: Callable[[], float] = time.time):
        self.base = base
        self.cap = cap
        self.clock = clock
        self._jobs: dict[str, JobHealth] = {}
        self._lock = threading.Lock()

    def run(self, job: str, work: Callable[[], T]) -> Attempt[T]:
        """Run ``work`` once as ``job``; never raises what ``work`` raises."""
        try:
            value = work()
        # The one catch-all of the bot, and on purpose: a job of the worker may fail in ways
        # nobody listed (a bug, a full disk, a library's surprise), and a worker that stops on
        # one stops all delivery while its process looks alive. It hides nothing: the fault is
        # logged with its traceback, the job is retried after a backoff, and the failure shows
        # in /healthz (through the heartbeat) until the job succeeds again.
        except Exception as error:  # noqa: BLE001
            return self._failed(job, error)
        with self._lock:
            self._jobs[job] = JobHealth(
                last_error=self._jobs.get(job, JobHealth()).last_error, ok_at=self.clock()
            )
        return Attempt(value=value)

    def _failed(self, job: str, error: Exception) -> Attempt[T]:
        described = f"{type(error).__name__}: {error}"
        now = self.clock()
        with self._lock:
            failures = self._jobs.get(job, JobHealth()).failures + 1
            delay = backoff(failures, base=self.base, cap=self.cap)
            self._jobs[job] = JobHealth(
                failures=failures,
                last_error=described,
                failed_at=now,
                retry_at=now + delay,
                ok_at=self._jobs.get(job, JobHealth()).ok_at,
            )
        log.error(
            "%s failed (%d in a row); tried again within %.1f s",
            job,
            failures,
            delay,
            exc_info=error,
        )
        return Attempt(error=described, retry_in=delay, exception=error)

    def jobs(self) -> dict[str, JobHealth]:
        """Every job run so far, with its record."""
        with self._lock:
            return dict(self._jobs)

    def failing(self) -> dict[str, JobHealth]:
        """The jobs whose latest run failed."""
        return {name: job for name, job in self.jobs().items() if job.failures}
