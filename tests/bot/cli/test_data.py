"""The data commands of the ``scrutiny`` CLI, run as a user runs them."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from bot.cli import _add_commands, cli
from tests.storage.street_files import street_row, write_street_file


@pytest.fixture
def run(tmp_path):
    _add_commands()
    db_path = tmp_path / "cli.db"

    def invoke(*args: str):
        return CliRunner().invoke(cli, ["--db", str(db_path), *args])

    return invoke


@pytest.fixture
def data_dir(tmp_path):
    folder = tmp_path / "data"
    write_street_file(folder, "2020-01", [street_row("2020-01", "Robbery", "Preston 001A")] * 2)
    write_street_file(folder, "2020-03", [street_row("2020-03", "Robbery", "Preston 001A")])
    (folder / "areas.csv").write_text("local_authority,division\nPreston,South\n")
    return folder


def test_ingest_then_series_as_json_with_missing_months_null(run, data_dir):
    assert run("ingest", str(data_dir)).exit_code == 0
    result = run("series", "robbery", "south", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [
        {"month": "2020-01", "value": 2},
        {"month": "2020-02", "value": None},
        {"month": "2020-03", "value": 1},
    ]


def test_series_as_csv_and_table(run, data_dir):
    run("ingest", str(data_dir))
    assert run("series", "robbery", "lancashire", "--format", "csv").output.splitlines() == [
        "month,value",
        "2020-01,2",
        "2020-02,",
        "2020-03,1",
    ]
    assert "missing" in run("series", "robbery", "preston").output


def test_bad_input_exits_1_with_the_file_line_and_no_traceback(run, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("month,indicator,area,value\n2020-01,ksi-casualties,lancashire,many\n")
    result = run("ingest", str(bad))
    assert result.exit_code == 1
    assert "bad.csv, line 2, column 'value'" in result.output
    assert "Traceback" not in result.output


def test_unknown_indicator_suggests_and_exits_2(run, data_dir):
    run("ingest", str(data_dir))
    result = run("series", "robxxy", "preston")
    assert result.exit_code == 2
    assert "Did you mean robbery?" in result.output


def test_a_misspelt_indicator_and_area_are_read_as_slack_reads_them(run, data_dir):
    run("ingest", str(data_dir))
    assert (
        run("series", "robery", "South Division").output == run("series", "robbery", "south").output
    )


def test_areas_and_indicators_list(run, data_dir):
    run("ingest", str(data_dir))
    assert "South Division" in run("areas").output
    assert "anti-social-behaviour" in run("indicators").output


def test_an_ingest_with_nothing_to_ingest_exits_1_and_says_so(run, tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "2020-01-lancashire-outcomes.csv").write_text("Crime ID,Month\n")
    result = run("ingest", str(folder))
    assert result.exit_code == 1
    assert "Nothing to ingest in" in result.output and "1 files skipped" in result.output


def test_an_areas_file_that_misses_the_data_is_warned_about_at_ingest_and_in_areas(run, data_dir):
    (data_dir / "areas.csv").write_text("local_authority,division\nPrestn,South\n")
    result = run("ingest", str(data_dir))
    assert result.exit_code == 0
    warning = "Warning: the areas file names districts that no street-level data has"
    assert warning in result.output and "Prestn (did you mean Preston?)" in result.output
    listed = run("areas")
    assert warning in listed.output
    assert (
        "Warning: districts in the street-level data that the areas file places in no "
        "division: Preston (lancashire)" in listed.output
    )


def test_ingest_limits_come_from_the_settings(run, tmp_path, monkeypatch):
    long = tmp_path / "long.csv"
    month = "2099-01"
    long.write_text(f"month,indicator,area,value\n{month},ksi-casualties,lancashire,3\n")
    result = run("ingest", str(long))
    assert result.exit_code == 1 and "long.csv, line 2, column 'month'" in result.output
    monkeypatch.setenv("SCRUTINY_MONTHS_AHEAD", "1200")
    assert run("ingest", str(long)).exit_code == 0


def test_a_breaks_file_is_held_to_the_months_the_settings_allow(run, tmp_path, monkeypatch):
    breaks = tmp_path / "breaks.csv"
    breaks.write_text("indicator,month,reason\nrobbery,2099-01,a new crime system\n")
    result = run("ingest", "--breaks", str(breaks))
    assert result.exit_code == 1
    assert "breaks.csv, line 2, column 'month': month is 2099-01; expected a month" in (
        result.output
    )
    monkeypatch.setenv("SCRUTINY_MONTHS_AHEAD", "1200")
    assert run("ingest", "--breaks", str(breaks)).exit_code == 0


def test_the_limit_on_files_read_whole_comes_from_the_settings(run, tmp_path, monkeypatch):
    long = tmp_path / "long.csv"
    long.write_text("month,indicator,area,value\n" + "2020-01,ksi-casualties,lancashire,3\n")
    breaks = tmp_path / "breaks.csv"
    rows = [
        f"robbery,{2003 + n // 12}-{n % 12 + 1:02d},{'a new system ' * 800}" for n in range(130)
    ]
    breaks.write_text("indicator,month,reason\n" + "\n".join(rows))  # 1.3 MB
    monkeypatch.setenv("SCRUTINY_MAX_TABLE_MB", "1")
    refused = run("ingest", "--breaks", str(breaks), str(long))
    assert refused.exit_code == 1
    assert f"{breaks}: {breaks.stat().st_size:,} bytes, beyond the limit of 1,048,576" in (
        refused.output
    )
    monkeypatch.setenv("SCRUTINY_MAX_TABLE_MB", "2")
    assert run("ingest", "--breaks", str(breaks), str(long)).exit_code == 0


def test_the_cli_reads_asb_da_and_an_analysts_alias_as_slack_does(run, data_dir, tmp_path):
    indicators = tmp_path / "indicators.csv"
    indicators.write_text(
        "slug,name,noun,theme,unit,bad_direction,sensitive,measure,components,aliases\n"
        "missing-persons,Missing persons,missing person reports,"
        "Supporting Vulnerable People & Victims,count,up,false,,,missing people; mispers\n"
    )
    (data_dir / "long.csv").write_text(
        "month,indicator,area,value\n2020-01,missing-persons,Lancashire,7\n"
        "2020-01,domestic-abuse,Lancashire,5\n"
    )
    assert run("ingest", str(data_dir), "--indicators", str(indicators)).exit_code == 0
    for typed, slug in (
        ("asb", "anti-social-behaviour"),  # 0 in each month loaded; ASB repeat callers has none
        ("da", "domestic-abuse"),
        ("mispers", "missing-persons"),
    ):
        by_word = run("series", typed, "lancashire", "--format", "json")
        assert by_word.exit_code == 0, by_word.output
        assert by_word.output == run("series", slug, "lancashire", "--format", "json").output
        assert json.loads(by_word.output)  # the series has months: the comparison can fail
    assert (
        run("series", "asb", "lancashire").output
        != run("series", "asb-repeat-callers", "lancashire").output
    )
