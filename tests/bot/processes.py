"""Real ``scrutiny worker`` processes for the crash and catch-up tests."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from storage import outbox
from storage.db import open_db
from tests.bot.conftest import CHANNEL
from tests.bot.fake_slack import TOKEN

ROOT = Path(__file__).resolve().parents[2]


def worker_env(settings, **extra: str) -> dict[str, str]:
    """The environment of a worker talking to the test's Slack imitation, with short waits."""
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(
        {
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_API_URL": settings.api_url,
            "SCRUTINY_CHANNEL": CHANNEL,
            "SCRUTINY_LEASE_TTL": "1",
            "SCRUTINY_DELIVERY_POLL": "0.2",
            "SCRUTINY_RETRY_BASE": "0.05",
            "SCRUTINY_RETRY_CAP": "0.5",
            "SCRUTINY_HTTP_TIMEOUT": "5",
            **extra,
        }
    )
    return env


def run_worker(
    db_path,
    env: dict[str, str],
    *,
    until_exit: bool,
    schedule: bool = False,
    until: Callable[[object], bool] = lambda db: True,
    timeout: float = 90,
) -> int | None:
    """Run ``scrutiny worker``; return its exit code once it dies (``until_exit``), or stop it
    once the outbox is all sent and ``until(db)`` holds."""
    command = [sys.executable, "-m", "bot.cli", "--db", str(db_path), "worker"]
    # The log goes to a file: a pipe nobody reads fills up and blocks the worker.
    log = Path(db_path).with_suffix(f".{time.monotonic_ns()}.log")
    with log.open("w") as stderr:
        process = subprocess.Popen(
            command + ([] if schedule else ["--no-schedule"]),
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        if until_exit:
            return process.wait(timeout=timeout)
        deadline = time.monotonic() + timeout
        db = open_db(db_path)
        while time.monotonic() < deadline:
            if set(outbox.counts(db)) == {"sent"} and until(db):
                return None
            assert process.poll() is None, log.read_text()[-3000:]
            time.sleep(0.1)
        raise AssertionError(f"not finished: outbox {outbox.counts(db)}\n{log.read_text()[-3000:]}")
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)
