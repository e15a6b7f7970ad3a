"""The monthly job under APScheduler 3.11, in the one process that holds the worker lease.

Every process with a scheduler runs every job, so the scheduler is started only when this
process takes the worker lease and shut down when it loses it. The cron trigger fires the job;
on start a one-off catch-up runs it too, so a fire missed while no process was up is made up
at once. Both ask the same question, "is the month of the latest fire done?", under one lock,
so the month's run happens once however often the job fires.

A run that fails (detection raised, or there are no figures for the digest yet) is recorded as
failed, not done, and the supervisor tries it again after a backoff (a one-off "retry" job);
any later fire runs it again too, until it is done or a newer month's fire comes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.database import Databases
from bot.settings import Settings
from bot.worker.supervisor import Supervisor
from months import add_months
from storage import job_runs

log = logging.getLogger(__name__)

JOB = "monthly"
JOB_ID = "scrutiny-monthly"
CATCH_UP_ID = "scrutiny-catch-up"
RETRY_ID = "scrutiny-retry"
# How far back to look for the latest fire time: short windows first, so a frequent schedule
# (tests) costs a few steps and a monthly one a year's at most.
LOOKBACKS = (
    timedelta(minutes=2),
    timedelta(hours=2),
    timedelta(days=2),
    timedelta(days=40),
    timedelta(days=400),
)


def cron_trigger(settings: Settings) -> CronTrigger:
    """The crontab ``minute hour day month weekday`` in the settings' time zone; six fields
    put seconds first (used by tests to fire within seconds)."""
    zone = ZoneInfo(settings.timezone)
    fields = settings.schedule.split()
    if len(fields) == 6:
        second, minute, hour, day, month, day_of_week = fields
        return CronTrigger(
            second=second,
            minute=minute,
            hour=hour,
            day=day,
            month=month,
            day_of_week=day_of_week,
            timezone=zone,
        )
    return CronTrigger.from_crontab(settings.schedule, timezone=zone)


def latest_fire(trigger: CronTrigger, now: datetime) -> datetime | None:
    """The last time at or before ``now`` the trigger fired (APScheduler only looks forward)."""
    for lookback in LOOKBACKS:
        fire = trigger.get_next_fire_time(None, now - lookback)
        latest = None
        while fire is not None and fire <= now:
            latest = fire
            fire = trigger.get_next_fire_time(fire, fire + timedelta(microseconds=1))
        if latest is not None:
            return latest
    return None


def month_of_run(fire: datetime, lag: int) -> str:
    """The data month a run fired at ``fire`` is about: ``lag`` months before its own."""
    return add_months(f"{fire.year:04d}-{fire.month:02d}", -lag)


class MonthlySchedule:
    def __init__(
        self,
        settings: Settings,
        databases: Databases,
        run_month: Callable[[str], object],
        *,
        holder: str,
        may_run: Callable[[], bool] = lambda: True,
        now: Callable[[], datetime] | None = None,
        supervisor: Supervisor | None = None,
    ):
        self.settings = settings
        self.databases = databases
        self.run_month = run_month
        self.holder = holder
        self.may_run = may_run  # False once this process has lost the lease
        self.zone = ZoneInfo(settings.timezone)
        self.now = now or (lambda: datetime.now(self.zone))
        self.trigger = cron_trigger(settings)
        self.supervisor = supervisor or Supervisor(base=settings.retry_base, cap=settings.retry_cap)
        self._lock = threading.Lock()
        self._scheduler: BackgroundScheduler | None = None

    def run_due(self, trigger: str = "schedule") -> str | None:
        """Run the month of the latest fire unless it is done; returns the outcome ("done",
        "skipped", "failed"; None when there is no fire yet or this process may not run it).
        A failure is retried after the supervisor's backoff while the scheduler runs."""
        attempt = self.supervisor.run(JOB, partial(self._run_due, trigger))
        if attempt.ok:
            return attempt.value
        self._retry_in(attempt.retry_in)
        return "failed"

    def _run_due(self, trigger: str) -> str | None:
        with self._lock:
            now = self.now()
            fire = latest_fire(self.trigger, now)
            if fire is None or not self.may_run():
                return None
            month = month_of_run(fire, self.settings.month_lag)
            db = self.databases.get()
            run_id = job_runs.start(
                db,
                job=JOB,
                month=month,
                fire=fire.isoformat(),
                trigger=trigger,
                holder=self.holder,
                at=now.isoformat(),
            )
            if job_runs.is_done(db, JOB, month):
                job_runs.finish(db, run_id, outcome="skipped", at=self.now().isoformat())
                return "skipped"
            log.info("monthly run for %s (%s)", month, trigger)
            try:
                self.run_month(month)
            except BaseException as error:  # recorded, then on to the supervisor
                job_runs.finish(
                    db,
                    run_id,
                    outcome="failed",
                    at=self.now().isoformat(),
                    error=f"{type(error).__name__}: {error}",
                )
                raise
            job_runs.finish(db, run_id, outcome="done", at=self.now().isoformat())
            return "done"

    def _retry_in(self, seconds: float) -> None:
        scheduler = self._scheduler
        if scheduler is None:
            return  # not scheduling (the lease is lost, or a caller ran it by hand)
        scheduler.add_job(
            self.run_due,
            "date",
            run_date=self.now() + timedelta(seconds=seconds),
            args=("retry",),
            id=RETRY_ID,
            name="retry of a failed run",
            replace_existing=True,
        )

    # -- the APScheduler side -------------------------------------------------------------------

    def start(self) -> None:
        """Start the cron job and run the catch-up at once (call on taking the lease)."""
        if self._scheduler is not None:
            return
        scheduler = BackgroundScheduler(
            timezone=self.zone,
            job_defaults={
                # A fire missed while the process was busy or asleep runs once when it can,
                # not never (the default grace is one second) and not once per missed fire.
                "coalesce": True,
                "misfire_grace_time": int(self.settings.misfire_grace),
                "max_instances": 1,
            },
        )
        scheduler.add_job(
            self.run_due, self.trigger, id=JOB_ID, name="monthly run", replace_existing=True
        )
        scheduler.add_job(
            self.run_due,
            "date",
            args=("catch-up",),
            id=CATCH_UP_ID,
            name="catch-up at start",
            replace_existing=True,
        )
        scheduler.start()
        self._scheduler = scheduler
        log.info("scheduler started: %r in %s", self.settings.schedule, self.settings.timezone)

    def stop(self) -> None:
        """Stop scheduling (call on losing the lease); a job already running finishes."""
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
            log.info("scheduler stopped")

    @property
    def running(self) -> bool:
        return self._scheduler is not None
