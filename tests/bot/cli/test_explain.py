"""``scrutiny explain``, run as a user runs it: an alert by its id, or the latest finding for an
indicator and area named as /scrutiny reads names; plainly told when there is none."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from bot.cli import _add_commands, cli
from bot.use_cases.detection import run_detection


@pytest.fixture
def run(data_db_path):
    _add_commands()

    def invoke(*args: str):
        return CliRunner().invoke(cli, ["--db", str(data_db_path), *args])

    return invoke


@pytest.fixture
def detected(data_db):
    """The fixture data (robbery in Preston jumps in 2021-12) with that month's run stored."""
    run_detection(data_db, "2021-12", dry_run=False)


def test_the_latest_finding_for_an_indicator_and_area(run, detected):
    result = run("explain", "robbery", "preston")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Why this alert: Robbery, Preston, December 2021"
    # write_data: Preston's 40 robberies in the last month, plus 35 % 3 = 2.
    assert "42 robberies in December 2021" in result.output
    assert "Why it fired" in result.output
    assert "Alert robbery:preston:up:2021-12:2021-12" in result.output


def test_names_are_read_as_slack_reads_them(run, detected):
    assert run("explain", "robery", "Preston").output == run("explain", "robbery", "preston").output


def test_the_force_by_default(run, detected):
    result = run("explain", "robbery")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Why this alert: Robbery, Lancashire, December 2021")


def test_an_alert_by_its_id_as_findings_lists_it(run, detected):
    listed = json.loads(run("findings", "--format", "json").output)
    alert = next(f["id"] for f in listed if f["indicator"] == "robbery" and f["area"] == "south")
    result = run("explain", alert)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Why this alert: Robbery, South Division, December 2021")


def test_no_finding_is_said_plainly_with_where_the_figures_are(run, detected):
    result = run("explain", "burglary", "preston")
    assert result.exit_code == 1
    assert result.output.strip() == (
        "There is no alert for Burglary in Preston: no run up to December 2021 found anything "
        "exceptional. `scrutiny series burglary preston` gives its figures."
    )


def test_before_any_run_it_says_detection_has_not_run(run):
    result = run("explain", "robbery", "preston")
    assert result.exit_code == 1
    assert "detection has not run yet" in result.output


@pytest.mark.parametrize(
    ("args", "code", "text"),
    [
        (("explain", "kittens", "preston"), 2, "Unknown indicator 'kittens'"),
        (("explain", "robbery", "narnia"), 2, "Unknown area 'narnia'"),
        (("explain", "robbery:nowhere:up:2021-12:2021-12"), 1, "There is no alert"),
    ],
)
def test_what_cannot_be_explained_is_one_line(run, detected, args, code, text):
    result = run(*args)
    assert result.exit_code == code, result.output
    assert text in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
