"""``scrutiny run --month``: posts through the outbox when Slack is configured, else prints."""

from __future__ import annotations

from click.testing import CliRunner

from bot.cli import _add_commands, cli
from tests.bot.conftest import CHANNEL
from tests.bot.fake_slack import TOKEN

LAST = "2021-12"  # the month robbery in Preston jumps in the fixture data


def invoke(db_path, *args, env):
    _add_commands()
    return CliRunner().invoke(cli, ["--db", str(db_path), "run", "--month", LAST, *args], env=env)


def test_run_with_slack_configured_posts_each_alert_once(data_db_path, slack):
    env = {
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_API_URL": slack.api_url,
        "SCRUTINY_CHANNEL": CHANNEL,
        "SCRUTINY_RETRY_BASE": "0.01",
    }
    result = invoke(data_db_path, env=env)
    assert result.exit_code == 0, result.output
    posted = [m for m in slack.top_level(CHANNEL) if "Robbery" in m.text]
    # Preston's jump is South Division's event: one alert, for the division (it names Preston).
    assert [m.text for m in posted if "South Division" in m.text], result.output
    again = invoke(data_db_path, env=env)
    assert again.exit_code == 0
    assert len([m for m in slack.top_level(CHANNEL) if "Robbery" in m.text]) == len(posted)


def test_run_without_slack_prints_the_messages_it_would_post(data_db_path, slack):
    result = invoke(data_db_path, env={"SLACK_BOT_TOKEN": ""})
    assert result.exit_code == 0, result.output
    assert "Slack is not configured" in result.output
    assert (
        "--- alert ---" in result.output
        and "Robbery: South Division, December 2021" in result.output
    )
    assert not slack.calls_to("chat.postMessage")


def test_dry_run_prints_and_stores_nothing(data_db_path, data_db):
    result = invoke(data_db_path, "--dry-run", env={"SLACK_BOT_TOKEN": ""})
    assert "What would be posted (dry run)" in result.output
    assert data_db.execute("SELECT COUNT(*) FROM findings").fetchone()[0] == 0
