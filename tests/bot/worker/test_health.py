"""What the health check says about the worker: from its heartbeat, its thread and the lease."""

from __future__ import annotations

import threading
import time

from slack_sdk import WebClient

from bot.database import Databases
from bot.worker.health import beat_deadline, worker_health
from bot.worker.lease_keeper import WORKER_LEASE
from bot.worker.loop import DELIVERY_JOB, Worker
from storage import heartbeats, leases, outbox
from storage.outbox import NewDelivery
from tests.bot.conftest import CHANNEL
from tests.bot.worker.support import wait_for, web_client

KEY = f"alert:ep1:{CHANNEL}"


def idle_worker(settings, databases) -> Worker:
    """A worker that is not started: its heartbeat and thread are set by the test."""
    return Worker(settings, databases, None, client=None)


def test_a_worker_that_has_not_beaten_yet_is_starting_until_its_first_beat_is_overdue(
    settings, db_path
):
    worker = idle_worker(settings, Databases(db_path))
    db = worker.databases.get()
    first_due = beat_deadline(worker.started_at, 0.0, settings)

    assert worker_health(db, worker.started_at, worker=worker) == (
        True,
        {"state": "starting", "holder": worker.holder},
    )
    healthy, report = worker_health(db, first_due + 0.1, worker=worker)
    assert (healthy, report["state"]) == (False, "stale")


def test_a_worker_whose_heartbeat_is_overdue_is_stale(settings, db_path):
    worker = idle_worker(settings, Databases(db_path))
    db = worker.databases.get()
    worker._beat(wait=1.0)
    beat = heartbeats.get(db, worker.holder)
    # Due after the wait, four Web API calls at the HTTP timeout (2 s) and the lease's TTL (2 s).
    assert beat.due_by - beat.beat_at == 1.0 + 4 * 2 + 2

    assert worker_health(db, beat.due_by, worker=worker)[1]["state"] == "running"
    healthy, report = worker_health(db, beat.due_by + 0.1, worker=worker)
    assert (healthy, report["state"]) == (False, "stale")


def test_a_worker_whose_thread_has_ended_is_stopped_though_its_heartbeat_is_fresh(
    settings, db_path
):
    worker = idle_worker(settings, Databases(db_path))
    db = worker.databases.get()
    worker._beat(wait=1.0)  # the last beat before the thread died without a word
    assert worker_health(db, time.time(), worker=worker)[1]["state"] == "running"

    worker.thread = threading.Thread(target=lambda: None)
    worker.thread.start()
    worker.thread.join()
    healthy, report = worker_health(db, time.time(), worker=worker)
    assert (healthy, report["state"]) == (False, "stopped")


def test_a_failing_job_is_reported_with_its_error_and_stays_healthy(settings, db_path):
    worker = idle_worker(settings, Databases(db_path))
    db = worker.databases.get()

    def broken() -> None:
        raise OSError("disk full")

    worker.supervisor.run(DELIVERY_JOB, broken)
    worker._beat(wait=1.0)
    healthy, report = worker_health(db, time.time(), worker=worker)

    assert (healthy, report["state"]) == (True, "failing")
    assert report["failing"][DELIVERY_JOB]["failures"] == 1
    assert report["failing"][DELIVERY_JOB]["error"] == "OSError: disk full"
    # retry_base is 0.01 s: the first retry is due at once.
    assert 0.0 <= report["failing"][DELIVERY_JOB]["retry_in"] <= 0.01


def test_a_job_that_succeeds_again_is_no_longer_failing(settings, db_path):
    worker = idle_worker(settings, Databases(db_path))
    db = worker.databases.get()
    attempts = []

    def fails_once() -> None:
        attempts.append(1)
        if len(attempts) == 1:
            raise OSError("disk full")

    worker.supervisor.run(DELIVERY_JOB, fails_once)
    worker.supervisor.run(DELIVERY_JOB, fails_once)
    worker._beat(wait=1.0)
    healthy, report = worker_health(db, time.time(), worker=worker)
    assert (healthy, report["state"], report["failing"]) == (True, "running", {})


def test_a_worker_that_stopped_cleanly_says_so(settings, db_path):
    worker = idle_worker(settings, Databases(db_path))
    db = worker.databases.get()
    worker._beat(wait=1.0)
    worker._stopped()
    healthy, report = worker_health(db, time.time(), worker=worker)
    assert (healthy, report["state"], report["holds_lease"]) == (False, "stopped", False)


def test_a_process_without_a_worker_reports_the_lease_holders_heartbeat(settings, db_path):
    worker = idle_worker(settings, Databases(db_path))
    db = worker.databases.get()
    now = time.time()
    assert worker_health(db, now) == (
        True,
        {"state": "none", "detail": "no worker holds the lease"},
    )

    assert leases.acquire(db, WORKER_LEASE, worker.holder, ttl=settings.lease_ttl, now=now)
    worker._beat(wait=1.0)
    healthy, report = worker_health(db, time.time())
    assert (healthy, report["state"], report["holder"]) == (True, "running", worker.holder)

    # Not this process's worker: overdue is reported, but this process is not unhealthy for it.
    beat = heartbeats.get(db, worker.holder)
    healthy, report = worker_health(db, min(beat.due_by, now + settings.lease_ttl) - 0.01)
    assert healthy and report["state"] == "running"
    assert worker_health(db, now + settings.lease_ttl + 1)[1]["state"] == "none"  # lease lapsed


class StuckClient(WebClient):
    """A delivery client whose post hangs until the test lets it go."""

    release = threading.Event()

    def chat_postMessage(self, **kwargs):
        assert self.release.wait(timeout=30), "never released"
        return super().chat_postMessage(**kwargs)


def test_a_loop_stuck_in_a_delivery_goes_stale_once_its_beat_is_overdue(
    settings, db_path, slack, running
):
    databases = Databases(db_path)
    db = databases.get()
    outbox.enqueue(
        db, [NewDelivery(key=KEY, kind="alert", channel=CHANNEL, text="hi")], now=time.time()
    )
    StuckClient.release = threading.Event()
    worker = running(Worker(settings, databases, None, client=web_client(settings, StuckClient)))
    try:
        wait_for(lambda: outbox.get(db, KEY).attempts == 1, "the delivery to be claimed")
        beat = heartbeats.get(db, worker.holder)  # written before the delivery, as it is stuck
        assert worker_health(db, beat.due_by, worker=worker)[1]["state"] == "running"
        healthy, report = worker_health(db, beat.due_by + 0.1, worker=worker)
        assert (healthy, report["state"]) == (False, "stale")
    finally:
        StuckClient.release.set()
    wait_for(lambda: outbox.get(db, KEY).state == "sent", "the delivery once released")
    assert worker.thread.is_alive()
