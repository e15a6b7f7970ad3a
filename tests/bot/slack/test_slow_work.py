"""The slow-work queue alone: its bounds, its turns per requester, and a job that fails."""

from __future__ import annotations

import threading

import pytest

from bot.slack.slow_work import SlowWork
from tests.bot.slack.test_actions import wait_for


@pytest.fixture
def work():
    made = []

    def make(**bounds):
        made.append(SlowWork(**bounds))
        return made[-1]

    yield make
    for queue in made:
        queue.shutdown()


def nothing() -> None:
    pass


def blocking():
    """A job that says when it started and runs until released."""
    started, release = threading.Event(), threading.Event()

    def job():
        started.set()
        release.wait(timeout=10)

    return job, started, release


def test_over_either_bound_nothing_is_queued(work):
    queue = work(threads=1, capacity=3, per_requester=2)
    job, started, release = blocking()
    assert queue.submit("a", job, on_failure=nothing)
    assert started.wait(timeout=10)
    assert queue.submit("a", nothing, on_failure=nothing)
    assert not queue.submit("a", nothing, on_failure=nothing)  # a's share: 2
    assert queue.submit("b", nothing, on_failure=nothing)
    assert not queue.submit("c", nothing, on_failure=nothing)  # the bound: 3 in all
    assert queue.outstanding() == 3
    release.set()
    queue.shutdown()
    assert queue.outstanding() == 0


def test_waiting_jobs_take_turns_per_requester(work):
    queue = work(threads=1, capacity=10, per_requester=3)
    ran: list[str] = []
    first, started, release = blocking()
    queue.submit("a", lambda: (first(), ran.append("a1")), on_failure=nothing)
    assert started.wait(timeout=10)
    for name in ("a2", "a3", "b1"):  # a's burst arrives before b's one request
        queue.submit(name[0], lambda name=name: ran.append(name), on_failure=nothing)
    release.set()
    queue.shutdown()
    assert ran == ["a1", "a2", "b1", "a3"]


def test_a_failing_job_is_apologised_for_and_frees_its_place(work):
    queue = work(threads=1, capacity=1, per_requester=1)
    apologies: list[str] = []

    def broken() -> None:
        raise RuntimeError("the chart would not draw")

    assert queue.submit("a", broken, on_failure=lambda: apologies.append("a"))
    assert wait_for(lambda: queue.outstanding() == 0)
    assert apologies == ["a"]
    ran: list[str] = []
    assert queue.submit("a", lambda: ran.append("ok"), on_failure=nothing)  # its place is free
    queue.shutdown()
    assert ran == ["ok"]
