"""Settings come from the environment, once, and say what is wrong."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bot.settings import SLACK_API_URL, Settings, SettingsError


def test_defaults():
    settings = Settings.from_env({})
    assert settings.api_url == SLACK_API_URL
    assert settings.timezone == "Europe/London" and settings.schedule == "0 7 15 * *"
    assert settings.open_to_everyone and not settings.socket_mode


def test_reads_every_variable():
    settings = Settings.from_env(
        {
            "SLACK_BOT_TOKEN": "xoxb-1",
            "SLACK_SIGNING_SECRET": "s",
            "SLACK_APP_TOKEN": "xapp-1",
            "SLACK_API_URL": "http://127.0.0.1:9/api",
            "SCRUTINY_DB": "x.db",
            "SCRUTINY_CHANNEL": "C1",
            "SCRUTINY_SENSITIVE_CHANNELS": "C2, C3",
            "SCRUTINY_ALLOWED_USERS": "U1 U2",
            "SCRUTINY_ALLOWED_USERGROUPS": "S1",
            "SCRUTINY_SCHEDULE": "30 6 1 * *",
            "SCRUTINY_TIMEZONE": "UTC",
            "PORT": "8080",
        }
    )
    assert settings.api_url == "http://127.0.0.1:9/api/"
    assert settings.sensitive_channels == {"C2", "C3"}
    assert settings.allowed_users == {"U1", "U2"} and settings.allowed_usergroups == {"S1"}
    assert settings.socket_mode and settings.port == 8080 and not settings.open_to_everyone


@pytest.mark.parametrize(
    "environ, message",
    [
        ({"SCRUTINY_TIMEZONE": "Mars/Olympus"}, "SCRUTINY_TIMEZONE"),
        ({"SCRUTINY_SCHEDULE": "monthly"}, "SCRUTINY_SCHEDULE"),
        ({"PORT": "eighty"}, "PORT"),
        ({"SCRUTINY_LEASE_TTL": "0"}, "SCRUTINY_LEASE_TTL"),
        ({"SCRUTINY_FORCE_CHANNELS": "lancashire"}, "SCRUTINY_FORCE_CHANNELS"),
        ({"SCRUTINY_FORCE_CHANNELS": "kent=C1,=C2"}, "SCRUTINY_FORCE_CHANNELS"),
        ({"SCRUTINY_FORCE_CHANNELS": "kent=C1 kent=C2"}, "names 'kent' twice"),
    ],
)
def test_bad_values_name_their_variable(environ, message):
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(environ)


def test_each_force_has_its_own_channel_or_the_default_one():
    settings = Settings.from_env(
        {"SCRUTINY_CHANNEL": "CALL", "SCRUTINY_FORCE_CHANNELS": "lancashire=C1, kent=C2"}
    )
    assert settings.channel_for("lancashire") == "C1" and settings.channel_for("kent") == "C2"
    assert settings.channel_for("cumbria") == "CALL" and settings.channel_for(None) == "CALL"
    assert Settings.from_env({}).channel_for("kent") is None


def test_the_server_needs_a_signing_secret_unless_in_socket_mode():
    with pytest.raises(SettingsError, match="SLACK_SIGNING_SECRET"):
        Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-1"}).require_server()
    Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"}).require_server()


def test_importing_reads_nothing_from_the_environment():
    # In a fresh interpreter (a reload here would replace SettingsError for the other tests):
    # with every variable set to nonsense, importing the app, the worker and the CLI succeeds.
    environ = {
        **os.environ,
        "SCRUTINY_TIMEZONE": "Not/AZone",
        "SCRUTINY_SCHEDULE": "monthly",
        "PORT": "eighty",
        "SCRUTINY_LEASE_TTL": "0",
    }
    code = "import bot.settings, bot.slack.app, bot.worker.loop, bot.cli.serve"
    done = subprocess.run(
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    with pytest.raises(SettingsError):
        Settings.from_env(environ)  # the same values are refused once they are read
