"""What follows the ack: an intake for every request, and slow work (digests, breakdowns,
charts) on a few threads, queued with a bound and a fair share per requester.

A listener only acks and hands the request to the intake, so bolt's listener threads are free
at once and every request is acknowledged within Slack's 3 seconds however many arrive. The
intake decides (and gives the cheap answers, and the refusals, which mostly wait on Slack);
slow work goes to the queue. At most ``capacity`` jobs wait or run there, and at most
``per_requester`` of them are one person's: past either bound ``submit`` says no and the caller
tells the person to try again later. Waiting jobs are taken in turn, one per requester, so one
person's burst does not hold up everyone else's single request. Few threads for both: each
competes for the GIL with the threads that ack.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter, OrderedDict, deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger(__name__)

Job = Callable[[], None]
Apology = Callable[[], None]  # tells the person their request failed, without the details
INTAKE_THREADS = 4  # mostly waiting on Slack (replies, updates), a few ms of work each


class SlowWork:
    def __init__(self, *, threads: int, capacity: int, per_requester: int) -> None:
        self.capacity = max(1, capacity)
        self.per_requester = max(1, per_requester)
        self._lock = threading.Lock()
        # Requesters in turn order, each with its waiting jobs.
        self._waiting: OrderedDict[str, deque[tuple[Job, Apology]]] = OrderedDict()
        self._outstanding: Counter[str] = Counter()  # waiting or running, per requester
        self._pool = ThreadPoolExecutor(max_workers=max(1, threads), thread_name_prefix="slow")
        self._intake = ThreadPoolExecutor(max_workers=INTAKE_THREADS, thread_name_prefix="intake")

    def intake(self, job: Job, *, on_failure: Apology) -> None:
        """Run ``job`` on an intake thread, in the order they come: the listener is free."""
        self._intake.submit(_apologising, job, on_failure).add_done_callback(_log_failure)

    def submit(self, requester: str, job: Job, *, on_failure: Apology) -> bool:
        """Queue ``job`` for ``requester``; False (and nothing queued) over either bound.
        ``on_failure``: called if the job raises (the error is then logged)."""
        with self._lock:
            if (
                self._outstanding.total() >= self.capacity
                or self._outstanding[requester] >= self.per_requester
            ):
                return False
            self._outstanding[requester] += 1
            self._waiting.setdefault(requester, deque()).append((job, on_failure))
        # One pool task per job; each runs whichever job is next in turn, not necessarily its own.
        self._pool.submit(self._run_next).add_done_callback(_log_failure)
        return True

    def outstanding(self) -> int:
        with self._lock:
            return self._outstanding.total()

    def shutdown(self) -> None:
        self._intake.shutdown(wait=True)
        self._pool.shutdown(wait=True)

    def _run_next(self) -> None:
        with self._lock:
            requester, jobs = next(iter(self._waiting.items()))
            job, on_failure = jobs.popleft()
            # The requester goes to the back of the turn, or leaves it with nothing waiting.
            del self._waiting[requester]
            if jobs:
                self._waiting[requester] = jobs
        try:
            _apologising(job, on_failure)
        finally:
            with self._lock:
                self._outstanding[requester] -= 1
                if not self._outstanding[requester]:
                    del self._outstanding[requester]


def _apologising(job: Job, on_failure: Apology) -> None:
    finished = False
    try:
        job()
        finished = True
    finally:
        if not finished:
            on_failure()  # the error itself goes on to _log_failure


def _log_failure(future: Future[None]) -> None:
    # The top of a pool thread, as bolt's error handler is of a listener's: the job's person has
    # been told, and the error is logged here rather than lost.
    error = future.exception()
    if error is not None:
        log.error("work after the ack failed", exc_info=error)
