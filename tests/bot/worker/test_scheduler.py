"""The monthly schedule: which month a fire is for, catch-up after downtime, once per month."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.database import Databases
from bot.worker.scheduler import (
    JOB,
    JOB_ID,
    MonthlySchedule,
    cron_trigger,
    latest_fire,
    month_of_run,
)
from storage import job_runs

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def databases(db_path):
    return Databases(db_path)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=LONDON)


def test_latest_fire_of_a_monthly_schedule_in_london_time(settings):
    trigger = cron_trigger(settings)  # 07:00 on the 15th
    assert latest_fire(trigger, at(2024, 3, 20)) == at(2024, 3, 15, 7)
    assert latest_fire(trigger, at(2024, 3, 15, 6, 59)) == at(2024, 2, 15, 7)
    # 07:00 is British Summer Time in July: still 07:00 London time.
    assert latest_fire(trigger, at(2024, 7, 15, 7)) == at(2024, 7, 15, 7)


def test_latest_fire_of_a_frequent_schedule_is_cheap(settings):
    trigger = cron_trigger(replace(settings, schedule="*/2 * * * * *"))
    assert latest_fire(trigger, at(2024, 3, 20, 10, 0, 5)) == at(2024, 3, 20, 10, 0, 4)


def test_a_run_is_about_the_month_before_by_default():
    assert month_of_run(at(2024, 1, 15, 7), lag=1) == "2023-12"
    assert month_of_run(at(2024, 1, 15, 7), lag=0) == "2024-01"


def schedule(settings, databases, now, calls):
    return MonthlySchedule(settings, databases, calls.append, holder="me", now=lambda: now)


def test_a_run_missed_during_downtime_runs_at_the_next_start_and_only_once(settings, databases):
    calls = []
    # The process was down over 15 March 07:00; it starts again on the 20th.
    monthly = schedule(settings, databases, at(2024, 3, 20, 9), calls)
    assert monthly.run_due("catch-up") == "done"
    assert calls == ["2024-02"]
    assert monthly.run_due("schedule") == "skipped"
    assert calls == ["2024-02"]
    # Next month's fire runs next month.
    assert schedule(settings, databases, at(2024, 4, 15, 7), calls).run_due() == "done"
    assert calls == ["2024-02", "2024-03"]
    runs = job_runs.history(databases.get(), JOB)
    assert [(r.month, r.trigger, r.outcome) for r in runs] == [
        ("2024-02", "catch-up", "done"),
        ("2024-02", "schedule", "skipped"),
        ("2024-03", "schedule", "done"),
    ]


def test_a_failed_run_is_recorded_not_done_and_runs_again_on_the_next_fire(settings, databases):
    calls = []

    def failing_once(month):
        calls.append(month)
        if len(calls) == 1:
            raise RuntimeError("detection failed")

    monthly = MonthlySchedule(
        settings, databases, failing_once, holder="me", now=lambda: at(2024, 3, 20)
    )
    assert monthly.run_due() == "failed"  # caught, logged, kept: the schedule goes on
    assert not job_runs.is_done(databases.get(), JOB, "2024-02")
    assert monthly.supervisor.failing()[JOB].last_error == "RuntimeError: detection failed"
    assert monthly.run_due() == "done"
    assert calls == ["2024-02", "2024-02"]
    assert monthly.supervisor.failing() == {}
    runs = job_runs.history(databases.get(), JOB)
    assert [(r.outcome, r.error) for r in runs] == [
        ("failed", "RuntimeError: detection failed"),
        ("done", None),
    ]


def test_while_scheduling_a_failed_run_is_retried_after_a_growing_backoff(settings, databases):
    calls = []

    def failing_twice(month):
        calls.append(time.monotonic())
        if len(calls) <= 2:
            raise RuntimeError(f"failure {len(calls)}")

    monthly = MonthlySchedule(settings, databases, failing_twice, holder="me")
    month = month_of_run(latest_fire(monthly.trigger, monthly.now()), settings.month_lag)
    monthly.start()  # the catch-up runs the month at once, and fails
    try:
        deadline = time.monotonic() + 10
        while not job_runs.is_done(databases.get(), JOB, month):
            assert time.monotonic() < deadline, job_runs.history(databases.get(), JOB)
            time.sleep(0.02)
    finally:
        monthly.stop()
    runs = job_runs.history(databases.get(), JOB)
    assert [(r.trigger, r.outcome, r.error) for r in runs] == [
        ("catch-up", "failed", "RuntimeError: failure 1"),
        ("retry", "failed", "RuntimeError: failure 2"),
        ("retry", "done", None),
    ]
    # retry_base 0.01 s, doubled: the second wait is at least 0.02 s.
    assert calls[2] - calls[1] >= 0.02


def test_the_apscheduler_job_coalesces_and_tolerates_long_misfires(settings, databases):
    monthly = schedule(settings, databases, at(2024, 3, 20), [])
    monthly.start()
    try:
        job = monthly._scheduler.get_job(JOB_ID)
        assert job.coalesce is True
        assert job.misfire_grace_time == settings.misfire_grace
        assert job.max_instances == 1
        assert str(job.trigger.timezone) == "Europe/London"
    finally:
        monthly.stop()
    assert not monthly.running


def test_a_process_that_does_not_hold_the_lease_runs_nothing(settings, databases):
    calls = []
    monthly = MonthlySchedule(
        settings,
        databases,
        calls.append,
        holder="me",
        may_run=lambda: False,
        now=lambda: at(2024, 3, 20),
    )
    assert monthly.run_due() is None
    assert calls == []
