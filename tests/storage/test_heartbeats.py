"""Workers' heartbeats: written, overwritten, marked stopped, and forgotten once long gone."""

from __future__ import annotations

from storage import heartbeats
from storage.heartbeats import KEEP_GONE, Heartbeat

JOBS = {"monthly": {"failures": 2, "last_error": "OSError: disk full"}}


def beat(db, holder: str, now: float, **overrides) -> None:
    values = {"started_at": 100.0, "now": now, "due_by": now + 30, "holds_lease": True, "jobs": {}}
    heartbeats.beat(db, holder, **{**values, **overrides})


def test_a_beat_reads_back_as_written(db):
    beat(db, "w1", 200.0, jobs=JOBS)
    assert heartbeats.get(db, "w1") == Heartbeat(
        holder="w1",
        started_at=100.0,
        beat_at=200.0,
        due_by=230.0,
        stopped_at=None,
        holds_lease=True,
        jobs=JOBS,
    )
    assert heartbeats.get(db, "w2") is None


def test_the_next_beat_replaces_the_last_and_clears_a_stop(db):
    beat(db, "w1", 200.0, jobs=JOBS)
    heartbeats.stopped(db, "w1", now=210.0)
    stopped = heartbeats.get(db, "w1")
    assert (stopped.stopped_at, stopped.holds_lease) == (210.0, False)

    beat(db, "w1", 300.0, holds_lease=False)
    again = heartbeats.get(db, "w1")
    assert (again.beat_at, again.due_by, again.stopped_at, again.jobs) == (300.0, 330.0, None, {})
    assert db.table("worker_heartbeats").count == 1


def test_a_worker_gone_a_week_is_forgotten_at_the_next_beat_of_any_worker(db):
    beat(db, "gone", 0.0)  # due by 30
    beat(db, "recent", 1000.0)
    beat(db, "w1", 30 + KEEP_GONE)
    assert heartbeats.get(db, "gone") is not None  # due exactly a week ago: kept
    beat(db, "w1", 30.5 + KEEP_GONE)
    assert heartbeats.get(db, "gone") is None
    assert heartbeats.get(db, "recent") is not None
