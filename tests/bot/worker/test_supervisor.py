"""The supervisor: a job's fault is logged with its traceback, backed off and kept for health."""

from __future__ import annotations

import logging

from bot.worker.supervisor import JobHealth, Supervisor, backoff


def test_the_backoff_doubles_from_its_base_up_to_its_cap():
    waits = [backoff(n, base=2.0, cap=300.0) for n in range(1, 11)]
    assert waits == [2, 4, 8, 16, 32, 64, 128, 256, 300, 300]


def test_a_fault_is_returned_logged_with_its_traceback_and_counted(caplog):
    clock = iter([100.0, 200.0]).__next__
    supervisor = Supervisor(base=2.0, cap=300.0, clock=clock)

    def broken() -> None:
        raise KeyError("missing")

    with caplog.at_level(logging.ERROR, logger="bot.worker.supervisor"):
        attempt = supervisor.run("monthly", broken)
        second = supervisor.run("monthly", broken)

    assert (attempt.ok, attempt.error, attempt.retry_in) == (False, "KeyError: 'missing'", 2.0)
    assert isinstance(attempt.exception, KeyError)
    assert second.retry_in == 4.0
    (first_log, _) = caplog.records
    assert first_log.exc_info is not None and first_log.exc_info[0] is KeyError
    assert supervisor.failing() == {
        "monthly": JobHealth(
            failures=2, last_error="KeyError: 'missing'", failed_at=200.0, retry_at=204.0
        )
    }


def test_a_success_clears_the_failures_and_keeps_the_last_error_for_reference():
    outcomes = iter([OSError("disk full"), None])
    supervisor = Supervisor(base=1.0, cap=10.0, clock=lambda: 50.0)

    def flaky() -> str:
        error = next(outcomes)
        if error is not None:
            raise error
        return "ok"

    assert not supervisor.run("delivery", flaky).ok
    assert supervisor.run("delivery", flaky).value == "ok"
    assert supervisor.failing() == {}
    assert supervisor.jobs()["delivery"] == JobHealth(last_error="OSError: disk full", ok_at=50.0)
