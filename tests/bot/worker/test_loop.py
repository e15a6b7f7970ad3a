"""The worker survives its jobs' faults: a monthly run that raises, or a delivery that raises
something nobody expected, is logged, backed off and retried, and the rest of the outbox is
still sent to the Slack imitation."""

from __future__ import annotations

import time
from dataclasses import replace

from slack_sdk import WebClient

from bot.database import Databases
from bot.worker.loop import DELIVERY_JOB, Worker
from bot.worker.scheduler import JOB
from storage import heartbeats, job_runs, outbox
from storage.outbox import NewDelivery
from tests.bot.conftest import CHANNEL
from tests.bot.worker.support import wait_for, web_client

POISON = "CPOISON"


def message(n: int, channel: str = CHANNEL) -> NewDelivery:
    return NewDelivery(key=f"alert:ep{n}:{channel}", kind="alert", channel=channel, text=f"#{n}")


def posted(slack, channel: str = CHANNEL) -> list[str]:
    return sorted(m.text for m in slack.top_level(channel))


class FaultyClient(WebClient):
    """The delivery client, with a fault of ours (not an answer from Slack) for one channel."""

    def chat_postMessage(self, **kwargs):
        if kwargs.get("channel") == POISON:
            raise RuntimeError("injected fault")
        return super().chat_postMessage(**kwargs)


def test_a_monthly_job_that_keeps_raising_does_not_stop_delivery(db_path, settings, slack, running):
    settings = replace(settings, schedule="* * * * * *", month_lag=0)  # fires every second
    databases = Databases(db_path)
    db = databases.get()
    runs = []

    def broken_month(month: str) -> None:
        runs.append(month)
        raise RuntimeError("the monthly job broke")

    outbox.enqueue(db, [message(1)], now=time.time())
    worker = running(Worker(settings, databases, broken_month, client=web_client(settings)))
    wait_for(lambda: len(runs) >= 3, "the monthly job to fail three times")
    outbox.enqueue(db, [message(2), message(3)], now=time.time())
    worker.wake.set()
    wait_for(lambda: len(posted(slack)) == 3, "every delivery to be posted")

    assert posted(slack) == ["#1", "#2", "#3"]
    history = job_runs.history(db, JOB)
    assert {r.outcome for r in history} == {"failed"}
    assert {r.error for r in history} == {"RuntimeError: the monthly job broke"}
    failing = worker.supervisor.failing()[JOB]
    assert failing.failures >= 3 and failing.last_error == "RuntimeError: the monthly job broke"
    wait_for(
        lambda: JOB in getattr(heartbeats.get(db, worker.holder), "jobs", {}),
        "the heartbeat to carry the failure",
    )
    beat = heartbeats.get(db, worker.holder)
    assert beat.jobs[JOB]["last_error"] == "RuntimeError: the monthly job broke"
    assert worker.thread.is_alive()


def test_a_delivery_that_raises_is_put_back_and_the_ones_behind_it_are_sent(
    db_path, settings, slack, running
):
    databases = Databases(db_path)
    db = databases.get()
    outbox.enqueue(db, [message(0, POISON), message(1), message(2)], now=time.time())
    worker = running(Worker(settings, databases, None, client=web_client(settings, FaultyClient)))
    wait_for(lambda: len(posted(slack)) == 2, "the deliveries behind the faulty one")

    assert posted(slack) == ["#1", "#2"]
    wait_for(lambda: outbox.get(db, f"alert:ep0:{POISON}").attempts >= 2, "a second attempt")
    poisoned = outbox.get(db, f"alert:ep0:{POISON}")
    assert poisoned.state == "in_doubt"  # looked up in Slack before it is sent again
    assert poisoned.last_error == "RuntimeError: injected fault"
    fault = "DeliveryFault: delivery alert:ep0:CPOISON: RuntimeError: injected fault"
    assert poisoned.next_attempt_at > poisoned.created_at
    assert worker.supervisor.jobs()[DELIVERY_JOB].last_error == fault
    assert posted(slack, POISON) == []
    assert worker.thread.is_alive()
