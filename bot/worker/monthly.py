"""A month's run as the bot does it: detect, plan the deliveries, store them in the outbox.

Repeating a month is harmless: detection is the detectors' idempotent run, and the outbox keeps
one delivery per key. Sending is for whoever holds the worker lease: the worker, or
``bot.worker.loop.deliver_now`` when no worker is running.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from bot import faults
from bot.database import Databases
from bot.delivery import Told, plan_alerts, plan_digest
from bot.settings import Settings
from bot.use_cases import NoFigures, run_detection
from storage import outbox

log = logging.getLogger(__name__)


def queue_month(databases: Databases, settings: Settings, month: str) -> int:
    """Run detection for ``month``, then ``queue_findings``."""
    db = databases.get()
    result = run_detection(db, month, dry_run=False)
    return queue_findings(databases, settings, month, [*result.alerts, *result.follow_ups])


def queue_findings(
    databases: Databases, settings: Settings, month: str, findings: Sequence[Told]
) -> int:
    """Queue a run's alerts, follow-ups and digest in the outbox; how many were new.
    ``findings``: the events the run tells (a finding on its own is told as its own event).

    NoFigures when there are no figures for the digest yet: the alerts are queued all the same,
    and the error goes on so that the monthly job is not done and runs again for the digest.
    """
    db = databases.get()
    alerts = plan_alerts(db, findings, settings)
    try:
        digest = plan_digest(db, month, settings)
    except NoFigures:
        queued = outbox.enqueue(db, alerts, now=time.time())
        log.info("month %s: %d told, %d new deliveries, no digest", month, len(findings), queued)
        raise
    queued = outbox.enqueue(db, alerts + digest, now=time.time())
    log.info("month %s: %d told, %d new deliveries", month, len(findings), queued)
    faults.FaultHook(settings.fault_point).reached(faults.ENQUEUED)
    return queued
