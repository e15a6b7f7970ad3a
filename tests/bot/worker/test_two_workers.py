"""Two real worker processes on one database: the monthly job fires in one of them only, and
the other takes over when the first dies."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.worker.scheduler import JOB
from storage import job_runs
from storage.db import open_db

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.slow


def start_worker(db_path, **env):
    environment = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    environment.update(
        {
            "SCRUTINY_DB": str(db_path),
            "SCRUTINY_SCHEDULE": "*/2 * * * * *",  # every 2 seconds
            "SCRUTINY_MONTH_LAG": "0",
            "SCRUTINY_LEASE_TTL": "1.5",
            "SCRUTINY_DELIVERY_POLL": "0.2",
            **env,
        }
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.bot.worker_process"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout.readline().strip() == "ready"
    return process


def stop(process, sig=signal.SIGTERM):
    process.send_signal(sig)
    try:
        return process.wait(timeout=10)
    finally:
        process.stdout.close()


def test_two_workers_fire_the_job_in_one_process_and_fail_over(db_path):
    open_db(db_path).close()
    first, second = start_worker(db_path), start_worker(db_path)
    try:
        time.sleep(4.5)  # two fires or so, both processes up
        db = open_db(db_path)
        runs = job_runs.history(db, JOB)
        assert len(runs) >= 2
        assert len({r.holder for r in runs}) == 1, "only the lease holder may schedule"
        assert len({r.fire for r in runs if r.trigger == "schedule"}) == len(
            [r for r in runs if r.trigger == "schedule"]
        ), "a fire ran twice"
        holder_pid = int(runs[0].holder.split(":")[1])
        holder, standby = (first, second) if holder_pid == first.pid else (second, first)
        stop(holder, signal.SIGKILL)  # dies without handing over the lease
        time.sleep(3.5)  # the lease (1.5 s) expires, the standby takes it and catches up
        after = job_runs.history(db, JOB)[len(runs) :]
        assert after and {r.holder.split(":")[1] for r in after} == {str(standby.pid)}
        calls = list(db.table("job_calls").rows)
        assert len(calls) == 1, "the month ran more than once"
    finally:
        for process in (first, second):
            if process.poll() is None:
                stop(process)
