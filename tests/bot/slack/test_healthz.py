"""GET /healthz over HTTP tells a platform whether the worker this process runs is alive."""

from __future__ import annotations

import json
import time
from dataclasses import replace

import pytest
from slack_sdk import WebClient

from bot.database import Databases
from bot.slack.server import wsgi_app
from bot.worker.loop import Worker
from bot.worker.scheduler import JOB
from storage import heartbeats, outbox
from storage.outbox import NewDelivery
from tests.bot.conftest import CHANNEL, running_server
from tests.bot.slack_requests import get
from tests.bot.worker.support import wait_for, web_client


def healthz(server) -> tuple[int, dict]:
    answer = get(server.url + "/healthz")
    return answer.status, json.loads(answer.body)


def has_beaten(db, worker: Worker) -> bool:
    return heartbeats.get(db, worker.holder) is not None


class ExitingClient(WebClient):
    """A delivery client that ends the thread it runs on: what no supervisor catches."""

    def chat_postMessage(self, **kwargs):
        raise SystemExit("the worker's thread ends here")


def test_without_a_worker_health_is_the_databases_and_says_no_worker_holds_the_lease(
    settings, db_path
):
    databases = Databases(db_path)
    with running_server(settings, databases, application=wsgi_app(None, databases)) as server:
        status, body = healthz(server)
    assert status == 200
    assert body["worker"] == {"state": "none", "detail": "no worker holds the lease"}


def test_a_running_worker_is_healthy(settings, db_path, slack, running):
    databases = Databases(db_path)
    worker = running(Worker(settings, databases, None, client=web_client(settings)))
    wait_for(lambda: has_beaten(databases.get(), worker), "the first heartbeat")
    application = wsgi_app(None, databases, worker=worker)
    with running_server(settings, databases, application=application) as server:
        wait_for(lambda: healthz(server)[1]["worker"].get("holds_lease"), "the lease")
        status, body = healthz(server)
    assert (status, body["ok"], body["worker"]["state"]) == (200, True, "running")


# The thread's death is the point: pytest's warning about it is expected.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")
def test_when_the_workers_thread_dies_health_answers_503_stopped(settings, db_path, slack, running):
    databases = Databases(db_path)
    key = f"alert:ep1:{CHANNEL}"
    outbox.enqueue(
        databases.get(),
        [NewDelivery(key=key, kind="alert", channel=CHANNEL, text="hi")],
        now=time.time(),
    )
    worker = running(Worker(settings, databases, None, client=web_client(settings, ExitingClient)))
    application = wsgi_app(None, databases, worker=worker)
    with running_server(settings, databases, application=application) as server:
        worker.thread.join(timeout=10)
        assert not worker.thread.is_alive()
        status, body = healthz(server)
    assert (status, body["ok"], body["worker"]["state"]) == (503, False, "stopped")
    assert outbox.get(databases.get(), key).state == "in_doubt"  # kept, for the next worker


def test_a_failing_monthly_job_is_shown_but_the_process_stays_healthy(
    settings, db_path, slack, running
):
    settings = replace(settings, schedule="* * * * * *", month_lag=0)

    def broken_month(month: str) -> None:
        raise RuntimeError("no figures today")

    databases = Databases(db_path)
    worker = running(Worker(settings, databases, broken_month, client=web_client(settings)))
    application = wsgi_app(None, databases, worker=worker)
    with running_server(settings, databases, application=application) as server:
        wait_for(lambda: healthz(server)[1]["worker"]["state"] == "failing", "a failing job")
        status, body = healthz(server)
    assert status == 200
    assert body["worker"]["failing"][JOB]["error"] == "RuntimeError: no figures today"
    assert body["worker"]["failing"][JOB]["failures"] >= 1
