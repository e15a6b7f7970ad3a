"""``show`` draws its chart only where the bot will upload it: in a direct message. A reply
through response_url cannot carry a file, so in a channel the chart would be thrown away."""

from __future__ import annotations

import time

import pytest

from bot.database import Databases
from bot.slack import commands
from bot.slack.authorization import Authorizer
from bot.slack.context import BotContext
from bot.slack.query import Query
from messages import query_replies
from tests.bot.slack.test_http import ask


@pytest.fixture
def context(settings, data_db_path):
    databases = Databases(str(data_db_path))
    yield BotContext(
        settings=settings, databases=databases, authorizer=Authorizer(settings, client=None)
    )
    databases.get().close()


@pytest.fixture
def charts_drawn(monkeypatch):
    drawn = []
    draw = query_replies.series_chart

    def counting(*args, **kwargs):
        drawn.append(args[1])
        return draw(*args, **kwargs)

    monkeypatch.setattr(query_replies, "series_chart", counting)
    return drawn


def show(context, channel_id):
    (reply,) = commands.answer(
        context, Query(user_id="U123", channel_id=channel_id, text="show robbery south")
    )
    return reply


def test_in_a_channel_the_chart_is_not_drawn(context, charts_drawn):
    reply = show(context, "CALERTS")
    assert "Robbery: South Division" in reply.blocks[0]["text"]["text"]
    assert reply.chart is None and charts_drawn == []


def test_in_a_direct_message_the_chart_is_drawn(context, charts_drawn):
    reply = show(context, "D0123")
    assert reply.chart is not None and reply.chart.png.startswith(b"\x89PNG")
    assert charts_drawn == ["South Division"]


def test_warm_up_still_draws_a_chart(context, charts_drawn):
    commands.warm_up(context)
    assert len(charts_drawn) == 1


def test_the_chart_is_uploaded_in_a_direct_message_only(server, slack):
    ask(server, slack, "show robbery south", name="channel", channel_id="CALERTS")
    ask(server, slack, "show robbery south", name="dm", channel_id="D0123")
    deadline = time.monotonic() + 10
    while not slack.uploads and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)  # an upload for the channel's reply would have started by now
    (upload,) = slack.uploads.values()
    assert upload["filename"].endswith(".png") and upload["data"].startswith(b"\x89PNG")
    assert [m.channel for m in slack.messages if m.files] == ["D0123"]
