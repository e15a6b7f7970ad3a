"""A burst of signed ``/scrutiny digest`` requests at the running server, its slow work kept
from finishing (the imitation holds the digests' replies): every request is acknowledged, those
past the queue's bounds are told at once that the bot is busy, each person's share is kept,
``/healthz`` answers, and a digest for a month with no stored run is answered at once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest

from bot.use_cases import save_run
from messages.query_replies import busy_reply
from storage import audit
from tests.bot.conftest import SECRET, TracedDatabases, running_server
from tests.bot.findings import PRESTON_ROBBERY, SOUTH_ROBBERY
from tests.bot.slack.test_actions import wait_for
from tests.bot.slack_requests import get, post, slash_body

USERS, EACH = 10, 3  # 30 requests
QUEUE, PER_USER = 6, 2
BUSY = busy_reply().text


@pytest.fixture
def burst_server(settings, data_db_path):
    bounded = replace(settings, slow_threads=2, slow_queue=QUEUE, slow_per_user=PER_USER)
    with running_server(bounded, TracedDatabases(data_db_path)) as running:
        db = running.databases.get()
        save_run(db, "2021-12", [PRESTON_ROBBERY, SOUTH_ROBBERY], ran_at="t", series=2, tests=2)
        yield running


def digest(running, slack, name, user_id, month="2021-12"):
    body = slash_body(f"digest {month}", response_url=slack.response_url(name), user_id=user_id)
    return post(running.events, body, secret=SECRET).status


def test_a_burst_is_acknowledged_and_what_does_not_fit_is_told_busy(burst_server, slack):
    slack.hold_responses(lambda name, body: name.startswith("burst") and body["text"] != BUSY)
    names = {f"burst-{u}-{i}": f"U{u:02d}" for u in range(USERS) for i in range(EACH)}
    with ThreadPoolExecutor(max_workers=len(names)) as pool:
        statuses = list(pool.map(lambda n: digest(burst_server, slack, n, names[n]), names))
    assert statuses == [200] * len(names)  # bolt answers 404 to a request not acked in 3 s

    def told_busy():
        return {n for n in names if any(r["text"] == BUSY for r in slack.responses[n])}

    # Two digests run and four wait; the 24 others are told at once.
    assert wait_for(lambda: len(told_busy()) == len(names) - QUEUE)
    admitted = set(names) - told_busy()
    per_user = [sum(names[n] == user for n in admitted) for user in set(names.values())]
    assert max(per_user) <= PER_USER
    assert get(burst_server.url + "/healthz").status == 200
    # Not queued behind the held digests: there is no stored run for November.
    digest(burst_server, slack, "no-run", "U99", month="2021-11")
    (reply,) = slack.wait_for_response("no-run")
    assert "There is no digest for 2021-11" in reply["text"]

    slack.release_responses()
    for name in admitted:
        replies = slack.wait_for_response(name)
        assert replies and replies[0]["text"] != BUSY and "December 2021" in str(replies[0])
    db = burst_server.databases.get()
    assert wait_for(lambda: len(audit.entries(db, limit=100)) == len(names) + 1)
    outcomes = [e.outcome for e in audit.entries(db, limit=100)]
    assert outcomes.count("busy") == len(names) - QUEUE
    assert outcomes.count("answered") == QUEUE + 1
