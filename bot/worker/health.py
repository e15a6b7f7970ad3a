"""What the health check says about the worker, from the heartbeat its loop writes.

A worker is ``running``; ``failing`` while one of its jobs keeps failing (it is retried after a
backoff; the error is shown); ``stale`` when its heartbeat is overdue (the loop is stuck, or the
process died without a word); ``stopped`` when its thread has ended or it stopped cleanly.
The web process that runs the worker on a thread (``serve --with-worker``) is unhealthy (503,
so that a platform restarts it) when its worker is stale or stopped. A failing worker is healthy
(200, the error in the ``worker`` field): it is alive and retrying, and a restart would not mend
what fails (data not in yet, Slack refusing) but would lose the backoff. A process without a
worker reports whichever process holds the worker lease, for information.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from bot.settings import Settings
from bot.worker.lease_keeper import WORKER_LEASE
from bot.worker.supervisor import JobHealth
from storage import heartbeats, leases

if TYPE_CHECKING:
    from bot.worker.loop import Worker

# Slack Web API calls one delivery makes, each up to the HTTP timeout (the delivery client
# retries nothing by itself): a page of history looked through for an earlier attempt, then a
# chart's upload (three calls: an upload URL, the file, completion). A look-up through a longer
# history may take more, and then shows as stale until the next beat.
CALLS_PER_DELIVERY = 4
UNHEALTHY = frozenset({"stale", "stopped"})
NO_HEARTBEAT = "no heartbeat"


def beat_deadline(now: float, wait: float, settings: Settings) -> float:
    """When a heartbeat written ``now`` by a loop about to wait ``wait`` seconds is overdue: after
    the wait, one delivery (a few Web API calls at the HTTP timeout) and a lease's time to live
    for the database, which may be locked by another process for a while."""
    return now + wait + CALLS_PER_DELIVERY * settings.http_timeout + settings.lease_ttl


def describe_jobs(jobs: Mapping[str, JobHealth]) -> dict[str, dict[str, Any]]:
    return {name: dataclasses.asdict(job) for name, job in jobs.items()}


def worker_health(
    db: Database, now: float, *, worker: Worker | None = None
) -> tuple[bool, dict[str, Any]]:
    """(healthy, what the health check says about the worker): of ``worker`` when it runs in
    this process, else of the process holding the worker lease (always healthy: the worker's
    state is not this process's)."""
    if worker is not None:
        report = _report(heartbeats.get(db, worker.holder), now, holder=worker.holder)
        if worker.thread is not None and not worker.thread.is_alive():
            report["state"] = "stopped"
        elif report["state"] == NO_HEARTBEAT:  # not beaten yet: starting, or stuck at it
            first_due = beat_deadline(worker.started_at, 0.0, worker.settings)
            report["state"] = "starting" if now <= first_due else "stale"
        return report["state"] not in UNHEALTHY, report
    lease = leases.get(db, WORKER_LEASE)
    if lease is None or lease.expires_at <= now:
        return True, {"state": "none", "detail": "no worker holds the lease"}
    return True, _report(heartbeats.get(db, lease.holder), now, holder=lease.holder)


def _report(beat: heartbeats.Heartbeat | None, now: float, *, holder: str) -> dict[str, Any]:
    if beat is None:
        # A worker before its first beat, or a lease held by `scrutiny run`, which writes none.
        return {"state": NO_HEARTBEAT, "holder": holder}
    failing = {name: job for name, job in beat.jobs.items() if job.get("failures")}
    if beat.stopped_at is not None:
        state = "stopped"
    elif now > beat.due_by:
        state = "stale"
    elif failing:
        state = "failing"
    else:
        state = "running"
    return {
        "state": state,
        "holder": holder,
        "holds_lease": beat.holds_lease,
        "seconds_since_beat": round(now - beat.beat_at, 1),
        "failing": {
            name: {
                "failures": job["failures"],
                "error": job["last_error"],
                "retry_in": round(max(0.0, (job["retry_at"] or now) - now), 1),
            }
            for name, job in failing.items()
        },
    }
