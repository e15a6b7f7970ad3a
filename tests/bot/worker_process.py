"""A real worker process for the two-process tests: the real lease, scheduler and loop, with a
monthly job that only records that it ran (``job_calls``), so the test can count the runs.

Run as ``python -m tests.bot.worker_process`` with the settings in the environment.
"""

from __future__ import annotations

import os
import time

from bot.cli.serve import _stop_on_signals
from bot.database import Databases
from bot.settings import Settings
from bot.worker.loop import Worker


def main() -> None:
    settings = Settings.from_env()
    databases = Databases(settings.db_path)

    def job(month: str) -> None:
        databases.get()["job_calls"].insert({"month": month, "pid": os.getpid(), "at": time.time()})

    worker = Worker(settings, databases, job, client=None)
    _stop_on_signals(worker.stop)
    print("ready", flush=True)
    worker.run()


if __name__ == "__main__":
    main()
