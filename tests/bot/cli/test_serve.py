"""The bot's commands as a person runs them: serve refuses bad settings, outbox reports."""

from __future__ import annotations

import time

import pytest
from click.testing import CliRunner

from bot import cli
from bot.cli.serve import COMMANDS
from bot.database import Databases
from bot.slack.server import wsgi_app
from storage import outbox
from storage.outbox import NewDelivery
from tests.bot.conftest import running_server
from tests.bot.slack_requests import get, post


@pytest.fixture
def run(db_path, monkeypatch):
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    cli._add_commands()
    for command in COMMANDS:
        cli.cli.add_command(command)

    def invoke(*args: str, env=None):
        return CliRunner().invoke(cli.cli, ["--db", str(db_path), *args], env=env)

    return invoke


def test_serve_says_which_setting_is_missing(run):
    result = run("serve")
    assert result.exit_code == 2 and "SLACK_BOT_TOKEN is not set" in result.output
    result = run("serve", env={"SLACK_BOT_TOKEN": "xoxb-1"})
    assert "SLACK_SIGNING_SECRET is not set" in result.output
    result = run("serve", env={"SLACK_BOT_TOKEN": "xoxb-1", "SCRUTINY_TIMEZONE": "Nowhere"})
    assert "SCRUTINY_TIMEZONE" in result.output and "Traceback" not in result.output


def test_outbox_lists_what_waits_and_requeues_what_failed(run, bot_db):
    outbox.enqueue(
        bot_db,
        [
            NewDelivery(key="alert:a:C1", kind="alert", channel="C1"),
            NewDelivery(key="alert:b:C1", kind="alert", channel="C1"),
        ],
        now=time.time(),
    )
    outbox.mark_failed(bot_db, outbox.get(bot_db, "alert:b:C1").id, error="not_in_channel")
    result = run("outbox")
    assert "failed: 1, pending: 1" in result.output
    assert "alert:b:C1  attempts=0  not_in_channel" in result.output
    assert "1 failed deliveries queued again" in run("outbox", "--retry-failed").output
    assert outbox.counts(bot_db) == {"pending": 2}


def test_in_socket_mode_the_port_serves_health_only(settings, db_path):
    databases = Databases(db_path)
    application = wsgi_app(None, databases, mode="socket")
    with running_server(settings, databases, application=application) as server:
        health = get(server.url + "/healthz")
        assert health.status == 200 and '"mode": "socket"' in health.body
        assert post(server.events, b"x", secret=None).status == 404
