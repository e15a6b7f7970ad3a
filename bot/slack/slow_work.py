"""Slow work after an ack (digests, breakdowns, charts): a few threads, a bounded queue, and a
fair share per requester.

Listeners only ack and hand their work here, so bolt's listener threads are free at once and
every request is acknowledged within Slack's 3 seconds however many arrive. At most
``capacity`` jobs wait or run at once, and at most ``per_requester`` of them are one person's:
past either bound ``submit`` says no and the caller tells the person to try again later. Waiting
jobs are taken in turn, one per requester, so one person's burst does not hold up everyone
else's single request. Few threads: each competes for the GIL with the threads that ack.
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


class SlowWork:
    def __init__(self, *, threads: int, capacity: int, per_requester: int) -> None:
        self.capacity = max(1, capacity)
        self.per_requester = max(1, per_requester)
        self._lock = threading.Lock()
        self._waiting: OrderedDict[str, deque[tuple[Job, Apology]]] = (
            OrderedDict()
        )  # requesters in turn order
        self._outstanding: Counter[str] = Counter()  # waiting or running, per requester
        self._pool = ThreadPoolExecutor(max_workers=max(1, threads), thread_name_prefix="slow")

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
        self._pool.shutdown(wait=True, cancel_futures=False)

    def _run_next(self) -> None:
        with self._lock:
            requester, jobs = next(iter(self._waiting.items()))
            job, on_failure = jobs.popleft()
            # The requester goes to the back of the turn, or leaves it with nothing waiting.
            del self._waiting[requester]
            if jobs:
                self._waiting[requester] = jobs
        try:
            job()
        except Exception:
            on_failure()
            raise  # to _log_failure
        finally:
            with self._lock:
                self._outstanding[requester] -= 1
                if not self._outstanding[requester]:
                    del self._outstanding[requester]


def _log_failure(future: Future[None]) -> None:
    # The top of a pool thread, as bolt's error handler is of a listener's: a job answers the
    # person itself when it can, and what escapes it is logged here rather than lost.
    error = future.exception()
    if error is not None:
        log.error("slow work failed", exc_info=error)
