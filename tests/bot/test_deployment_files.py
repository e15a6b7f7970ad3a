"""The Slack app manifest and the Procfile agree with the code."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.slack.commands import COMMAND
from bot.slack.server import EVENTS_PATH

ROOT = Path(__file__).resolve().parents[2]


def manifest():
    return yaml.safe_load((ROOT / "manifest.yml").read_text())


def test_the_manifest_sends_the_command_and_the_buttons_to_the_events_path():
    app = manifest()
    (command,) = app["features"]["slash_commands"]
    assert command["command"] == COMMAND and command["url"].endswith(EVENTS_PATH)
    assert app["settings"]["interactivity"]["is_enabled"] is True
    assert app["settings"]["interactivity"]["request_url"].endswith(EVENTS_PATH)


def test_the_manifest_asks_for_every_scope_the_bot_uses():
    scopes = set(manifest()["oauth_config"]["scopes"]["bot"])
    # commands; chat.postMessage/update; files_upload_v2; history look-ups after a crash;
    # usergroups.users.list for the allow-list
    assert {
        "commands",
        "chat:write",
        "files:write",
        "channels:history",
        "groups:history",
        "usergroups:read",
    } <= scopes


def test_only_the_worker_runs_the_scheduler():
    entries = dict(line.split(":", 1) for line in (ROOT / "Procfile").read_text().splitlines())
    assert entries["web"].split()[:2] == ["scrutiny", "serve"]
    assert "--with-worker" not in entries["web"]
    assert entries["worker"].split()[:2] == ["scrutiny", "worker"]
