"""Every firing of the bot's monthly job: when, by which process, for which month, and how it
ended. A month whose job finished ``done`` is not run again; one that ``failed`` (with its
error) runs again at the next firing; the catch-up at start reads this."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("scrutiny.job_runs")


@migrations()
def m001_job_runs(db: Database) -> None:
    db.table("job_runs").create(
        {
            "id": int,
            "job": str,
            "month": str,
            "fire": str,
            "trigger": str,
            "holder": str,
            "started_at": str,
            "finished_at": str,
            "outcome": str,
        },
        pk="id",
        not_null={"job", "month", "fire", "trigger", "holder", "started_at", "outcome"},
    )
    db.table("job_runs").create_index(["job", "month"])


@migrations()
def m002_job_run_errors(db: Database) -> None:
    db.table("job_runs").add_column("error", str)


@dataclass(frozen=True)
class JobRun:
    id: int
    job: str
    month: str  # YYYY-MM the run is about
    fire: str  # the scheduled fire time it answers (ISO 8601, the schedule's time zone)
    trigger: str  # "schedule", "catch-up" (at start) or "retry" (after a failure)
    holder: str  # the process that ran it
    started_at: str
    finished_at: str | None
    outcome: str  # "running", "done", "skipped" (month already done), "failed"
    error: str | None = None  # why it failed


def start(
    db: Database, *, job: str, month: str, fire: str, trigger: str, holder: str, at: str
) -> int:
    table = db.table("job_runs").insert(
        {
            "job": job,
            "month": month,
            "fire": fire,
            "trigger": trigger,
            "holder": holder,
            "started_at": at,
            "outcome": "running",
        }
    )
    assert table.last_pk is not None  # an insert always has one
    return int(table.last_pk)


def finish(db: Database, run_id: int, *, outcome: str, at: str, error: str | None = None) -> None:
    db.table("job_runs").update(run_id, {"finished_at": at, "outcome": outcome, "error": error})


def is_done(db: Database, job: str, month: str) -> bool:
    return (
        db.execute(
            "SELECT 1 FROM job_runs WHERE job = ? AND month = ? AND outcome = 'done'", [job, month]
        ).fetchone()
        is not None
    )


def history(db: Database, job: str) -> list[JobRun]:
    return [
        JobRun(**row) for row in db.table("job_runs").rows_where("job = ?", [job], order_by="id")
    ]
