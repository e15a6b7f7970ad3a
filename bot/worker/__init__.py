"""The worker: the monthly schedule (APScheduler), the lease that lets one process schedule
and deliver, and the loop that drives the outbox."""

from typing import TYPE_CHECKING

from bot.lazy import lazy_exports

if TYPE_CHECKING:
    from bot.worker.health import worker_health
    from bot.worker.lease_keeper import LeaseKeeper
    from bot.worker.loop import Worker, deliver_now
    from bot.worker.monthly import queue_findings, queue_month
    from bot.worker.scheduler import MonthlySchedule

EXPORTS = {
    "Worker": "loop",
    "deliver_now": "loop",
    "LeaseKeeper": "lease_keeper",
    "MonthlySchedule": "scheduler",
    "queue_month": "monthly",
    "queue_findings": "monthly",
    "worker_health": "health",
}
__all__ = [
    "LeaseKeeper",
    "MonthlySchedule",
    "Worker",
    "deliver_now",
    "queue_findings",
    "queue_month",
    "worker_health",
]
__getattr__, __dir__ = lazy_exports(__name__, EXPORTS)
