"""``scrutiny digest``: run as a user runs it, on small street files and a long-format file."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from bot.cli import _add_commands, cli
from tests.storage.street_files import street_row, write_street_file

MONTHS = [f"{year}-{month:02d}" for year in (2019, 2020, 2021) for month in range(1, 13)][:30]
MISSING = "2020-06"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("digest-data")
    for i, month in enumerate(MONTHS):
        if month == MISSING:
            continue  # a month with no file is a missing month, not a month of zeros
        robberies = 20 if month == MONTHS[-1] else 4 + i % 3
        rows = (
            [street_row(month, "Robbery", "Preston 001A")] * robberies
            + [street_row(month, "Robbery", "Blackpool 002B")] * (3 + i % 2)
            + [street_row(month, "Shoplifting", "Blackpool 002B")] * 6
        )
        write_street_file(folder, month, rows)
    (folder / "areas.csv").write_text("local_authority,division\nPreston,South\nBlackpool,West\n")
    (folder / "measures.csv").write_text(
        "month,indicator,area,value\n"
        + "".join(f"{month},rape,lancashire,{60 + i % 5}\n" for i, month in enumerate(MONTHS))
    )
    return folder


@pytest.fixture(scope="module")
def run(data_dir, tmp_path_factory):
    _add_commands()
    db_path = tmp_path_factory.mktemp("db") / "digest.db"

    def invoke(*args: str, db: str = str(db_path)):
        return CliRunner().invoke(cli, ["--db", db, *args])

    assert invoke("ingest", str(data_dir), "--areas", str(data_dir / "areas.csv")).exit_code == 0
    assert invoke("backfill", "--from", MONTHS[0], "--to", MONTHS[-1]).exit_code == 0
    return invoke


def test_digest_prints_the_month_by_theme_for_force_and_divisions(run):
    result = run("digest", "--month", MONTHS[-1])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Monthly digest: Lancashire, June 2021" in out
    assert "In Year Performance (July 2020 to June 2021)" in out
    assert "• Robbery" in out and "South Division up" in out and "West Division " in out
    assert "Preston" not in out  # districts are for queries, not the digest
    # The missing month, said once in the summary and once in the thread, not on every line.
    assert out.count("nnualised") == 2
    assert "Annualised from 11 months of data in the previous 12 (every indicator)." in out
    assert "Rape" not in out and "Sensitive indicators are reported only" in out
    summary, thread = out.split("--- in the thread ---")
    assert "More in the thread" in summary and "• Robbery" in thread


def test_sensitive_indicators_only_on_request_and_the_html_report(run, tmp_path):
    report = tmp_path / "out" / "report.html"
    result = run("digest", "--month", MONTHS[-1], "--sensitive", "--html", str(report))
    assert result.exit_code == 0, result.output
    assert "• Rape" in result.output
    html = report.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "Appendix A – Performance Data" in html
    assert html.count('<img src="data:image/png;base64,') >= 3


def test_a_month_without_two_years_of_data_is_a_clear_error(run):
    result = run("digest", "--month", MONTHS[10])
    assert result.exit_code == 1
    assert "no indicator has two years of data to 2019-11" in result.output


def test_a_month_detection_has_not_run_for_says_so_at_once(run):
    result = run("digest", "--month", "2021-08")
    assert result.exit_code == 1 and "detection has not run for 2021-08" in result.output


def test_bad_month_and_empty_database(run, tmp_path):
    bad = run("digest", "--month", "June")
    assert bad.exit_code == 2 and "write it as YYYY-MM" in bad.output
    empty = run("digest", "--month", "2021-06", db=str(tmp_path / "empty.db"))
    assert empty.exit_code == 1 and "run `scrutiny ingest` first" in empty.output
