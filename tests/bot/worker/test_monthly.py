"""The month's run end to end: real detection, the outbox, Slack; by hand, by a scheduled worker
that starts after the fire time (catch-up), and by one killed in the middle of its run."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from functools import partial
from zoneinfo import ZoneInfo

import pytest

from bot.database import Databases
from bot.faults import FAULT_EXIT_CODE
from bot.use_cases import NoFigures
from bot.worker.loop import deliver_now
from bot.worker.monthly import queue_findings, queue_month
from bot.worker.scheduler import JOB, MonthlySchedule, cron_trigger, latest_fire
from storage import job_runs, outbox
from storage.db import open_db
from storage.findings import get_run
from storage.ingest import ingest, list_inputs
from tests.bot.conftest import CHANNEL
from tests.bot.findings import PRESTON_ROBBERY
from tests.bot.processes import run_worker, worker_env
from tests.ingest_time import NOW

# The test data's last month: robbery jumps in Preston, told as South Division's event.
MONTH = "2021-12"
SOUTH_ROBBERY = "alert:robbery:south:up:2021-12:2021-12:CALERTS"
MONTHLY = "0 7 15 * *"


def lag_to(month: str, settings) -> int:
    """The SCRUTINY_MONTH_LAG that makes the latest monthly fire a run for ``month``."""
    fire = latest_fire(
        cron_trigger(replace(settings, schedule=MONTHLY)), datetime.now(ZoneInfo(settings.timezone))
    )
    year, number = map(int, month.split("-"))
    return fire.year * 12 + fire.month - (year * 12 + number)


def alert_keys(db) -> list[str]:
    return sorted(
        d.key for d in outbox.in_states(db, "pending", "in_doubt", "sent") if d.kind == "alert"
    )


def assert_posted_once(slack, db):
    top = slack.top_level(CHANNEL)
    keys = [m.metadata["event_payload"]["delivery_key"] for m in top if m.metadata]
    assert len(keys) == len(set(keys)), "a message was posted twice"
    assert sorted(k for k in keys if k.startswith("alert:")) == alert_keys(db)
    assert any(k.startswith(f"digest:{MONTH}:") for k in keys)
    for message in top:
        if message.metadata["event_payload"]["delivery_key"].startswith("alert:"):
            charts = [f for reply in slack.replies(CHANNEL, message.ts) for f in reply.files]
            assert len(charts) == 1


def test_a_month_queued_by_hand_is_posted_once_with_charts_and_digest(
    data_db_path, settings, slack
):
    databases = Databases(data_db_path)
    queued = queue_month(databases, settings, MONTH)
    # The month holds one event (South Division's robbery): its alert, its chart, and the
    # digest's summary with its table in the summary's thread.
    pending = outbox.in_states(databases.get(), "pending")
    assert queued == len(pending) == 4
    assert sorted(d.kind for d in pending) == ["alert", "chart", "digest", "digest"]
    (thread,) = [d for d in pending if d.kind == "digest" and d.key.endswith(":2")]
    assert thread.parent_key == thread.key.removesuffix(":2") + ":1"
    assert deliver_now(databases, settings) == "delivered"
    db = databases.get()
    assert get_run(db, MONTH) is not None
    assert SOUTH_ROBBERY in alert_keys(db)
    assert_posted_once(slack, db)
    assert queue_month(databases, settings, MONTH) == 0  # the same month again: nothing new


@pytest.mark.slow
@pytest.mark.parametrize(
    "point", [None, "enqueued", "sent#2"]
)  # sent#2: after the alert, before its chart
def test_a_worker_started_after_the_fire_catches_up_once_even_if_killed(
    data_db_path, settings, slack, point
):
    env = worker_env(
        settings, SCRUTINY_SCHEDULE=MONTHLY, SCRUTINY_MONTH_LAG=str(lag_to(MONTH, settings))
    )
    if point is not None:
        code = run_worker(
            data_db_path, {**env, "SCRUTINY_FAULT_POINT": point}, until_exit=True, schedule=True
        )
        assert code == FAULT_EXIT_CODE
    run_worker(
        data_db_path,
        env,
        until_exit=False,
        schedule=True,
        until=lambda db: job_runs.is_done(db, JOB, MONTH),
    )
    db = open_db(data_db_path)
    assert_posted_once(slack, db)
    done = [r for r in job_runs.history(db, JOB) if r.outcome == "done"]
    assert [(r.month, r.trigger) for r in done] == [(MONTH, "catch-up")]


def test_a_month_whose_digest_failed_is_not_done_and_is_retried_until_it_is(
    db_path, data_folder, settings
):
    # The worker is up before any data is loaded: the month's digest has no figures.
    databases = Databases(db_path)
    fire_day = datetime(2022, 1, 20, 9, tzinfo=ZoneInfo(settings.timezone))  # run for 2021-12
    now = [fire_day]
    monthly = MonthlySchedule(
        settings,
        databases,
        partial(queue_month, databases, settings),
        holder="me",
        now=lambda: now[0],
    )
    assert monthly.run_due() == "failed"
    db = databases.get()
    assert not job_runs.is_done(db, JOB, MONTH)
    assert outbox.get(db, f"digest:{MONTH}:lancashire:{CHANNEL}:1") is None
    (failed,) = job_runs.history(db, JOB)
    assert failed.error.startswith("NoFigures: no areas are loaded yet")

    ingest(db, list_inputs([data_folder]), now=NOW)  # the data arrive
    now[0] = fire_day + timedelta(hours=1)
    assert monthly.run_due("retry") == "done"
    assert outbox.get(db, f"digest:{MONTH}:lancashire:{CHANNEL}:1") is not None
    assert SOUTH_ROBBERY in alert_keys(db)
    assert [(r.trigger, r.outcome) for r in job_runs.history(db, JOB)] == [
        ("schedule", "failed"),
        ("retry", "done"),
    ]
    assert monthly.run_due() == "skipped"  # done now: never run again


def test_alerts_are_queued_even_when_the_digest_cannot_be_made(data_db_path, settings):
    databases = Databases(data_db_path)
    db = databases.get()
    # The run for 2022-01 is not stored (and it has no data): no force has a digest for it.
    with pytest.raises(NoFigures, match="detection has not run for 2022-01"):
        queue_findings(databases, settings, "2022-01", [PRESTON_ROBBERY])
    assert "alert:robbery:preston:up:2021-12:2021-12:CALERTS" in alert_keys(db)
    assert not [d for d in outbox.in_states(db, "pending") if d.kind == "digest"]


def test_several_forces_loaded_each_get_their_digest(data_db_path, settings):
    databases = Databases(data_db_path)
    db = databases.get()
    db.table("areas").insert(  # a second force, with no figures of its own
        {"slug": "cumbria", "name": "Cumbria Constabulary", "kind": "force", "parent": None}
    )
    queue_month(databases, settings, MONTH)
    digests = [d.key for d in outbox.in_states(db, "pending") if d.kind == "digest"]
    assert f"digest:{MONTH}:lancashire:{CHANNEL}:1" in digests
    assert not [k for k in digests if ":cumbria:" in k]
