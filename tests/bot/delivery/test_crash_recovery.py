"""Kill a real worker process at each point of delivery, start it again: every alert and chart
reaches Slack exactly once."""

from __future__ import annotations

import time

import pytest

from bot.delivery import plan_alerts
from bot.faults import FAULT_EXIT_CODE
from storage import outbox
from storage.db import open_db
from tests.bot.conftest import CHANNEL
from tests.bot.findings import PRESTON_ROBBERY, SOUTH_ROBBERY
from tests.bot.processes import run_worker, worker_env

pytestmark = pytest.mark.slow


def queue_alerts(db_path, settings):
    db = open_db(db_path)
    outbox.enqueue(db, plan_alerts(db, [PRESTON_ROBBERY, SOUTH_ROBBERY], settings), now=time.time())
    keys = [d.key for d in outbox.in_states(db, "pending") if d.kind == "alert"]
    db.close()
    return keys


def assert_each_posted_once(slack, keys):
    top = slack.top_level(CHANNEL)
    posted = [m.metadata["event_payload"]["delivery_key"] for m in top]
    assert sorted(posted) == sorted(keys)
    for message in top:
        charts = [f["name"] for reply in slack.replies(CHANNEL, message.ts) for f in reply.files]
        assert len(charts) == 1, f"{len(charts)} charts under {message.text!r}"


@pytest.mark.parametrize("point", ["claimed", "sent", "sent#2", "sent#3", "recorded", "recorded#4"])
def test_killed_at_any_point_then_restarted_posts_everything_once(
    data_db_path, settings, slack, point
):
    keys = queue_alerts(data_db_path, settings)
    code = run_worker(
        data_db_path, worker_env(settings, SCRUTINY_FAULT_POINT=point), until_exit=True
    )
    assert code == FAULT_EXIT_CODE
    run_worker(data_db_path, worker_env(settings), until_exit=False)
    assert_each_posted_once(slack, keys)
    looked_up = slack.calls_to("conversations.history") + slack.calls_to("conversations.replies")
    # A delivery claimed when the process died is looked for before it is sent again.
    assert bool(looked_up) == (not point.startswith("recorded"))


def test_killed_after_a_post_whose_answer_was_lost_in_a_storm(data_db_path, settings, slack):
    keys = queue_alerts(data_db_path, settings)
    slack.fail("chat.postMessage", status=500, post_anyway=True)  # posted; the answer lost
    slack.fail("chat.postMessage", status=429, retry_after=0, times=3)
    slack.fail("conversations.history", status=503, times=2)
    code = run_worker(
        data_db_path, worker_env(settings, SCRUTINY_FAULT_POINT="claimed#2"), until_exit=True
    )
    assert code == FAULT_EXIT_CODE
    run_worker(data_db_path, worker_env(settings), until_exit=False)
    assert_each_posted_once(slack, keys)
