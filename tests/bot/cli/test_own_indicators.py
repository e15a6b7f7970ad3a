"""A force's own indicators, run as an analyst runs them: an indicators file and an extract that
names them its own way are loaded together, detected and reported under those names; headcounts
are the month against a year before everywhere."""

from __future__ import annotations

import json

import numpy as np
import pytest
from click.testing import CliRunner

from bot.cli import _add_commands, cli
from tests.storage.street_files import street_row, write_street_file

MONTHS = [f"{y}-{m:02d}" for y in (2015, 2016, 2017) for m in range(1, 13)][:30]  # to 2017-06
LAST = MONTHS[-1]
INDICATORS = (
    "slug,name,noun,theme,unit,bad_direction,sensitive,measure,components,aliases\n"
    "missing-persons,Missing persons,missing person reports,"
    "Supporting Vulnerable People & Victims,count,up,false,flow,,missing people\n"
    "satisfaction-violent-crime,User satisfaction (violent crime),satisfied victims,"
    "Developing Confident Communities,proportion,down,false,,,\n"
)


def _extract() -> str:
    """Missing persons around 300 a month (seeded Poisson), 520 in the last month; satisfaction
    of 200 respondents a month, 150 to 152 satisfied in the previous 12 months and 160 to 162 in
    the last 12 (1,812 and 1,932 of 2,400: 75.5% and 80.5%); officers 2,860 in June 2016 and
    2,864 in June 2017."""
    rng = np.random.default_rng(12)
    missing = rng.poisson(300, len(MONTHS))
    missing[-1] = 520
    lines = ["month,indicator,area,value,denominator"]
    for i, month in enumerate(MONTHS):
        officers = {"2016-06": 2860, LAST: 2864}.get(month, 2850 + i % 5)
        satisfied = (160 if i >= len(MONTHS) - 12 else 150) + i % 3
        lines += [
            f"{month},missing-persons,Lancashire,{missing[i]},",
            f"{month},satisfaction-violent-crime,Lancashire,{satisfied},200",
            f"{month},police-officers,Lancashire,{officers},",
        ]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    _add_commands()
    folder = tmp_path_factory.mktemp("own")
    data = folder / "data"
    for i, month in enumerate(MONTHS):
        write_street_file(data, month, [street_row(month, "Robbery", "Preston 001A")] * (4 + i % 3))
    (data / "extract.csv").write_text(_extract())
    (folder / "areas.csv").write_text("local_authority,division\nPreston,South\n")
    (folder / "indicators.csv").write_text(INDICATORS)
    db_path = folder / "own.db"

    def invoke(*args: str):
        return CliRunner().invoke(cli, ["--db", str(db_path), *args])

    loaded = invoke(
        "ingest",
        str(data),
        "--areas",
        str(folder / "areas.csv"),
        "--indicators",
        str(folder / "indicators.csv"),
    )
    assert loaded.exit_code == 0, loaded.output
    assert "Loaded 2 indicator definitions" in loaded.output
    ran = invoke("run", "--month", LAST)
    assert ran.exit_code == 0, ran.output
    return invoke


def test_the_catalogue_lists_the_files_indicators_as_the_files(run):
    lines = run("indicators").output.splitlines()
    own = [line for line in lines if line.startswith("missing-persons ")]
    assert len(own) == 1 and " file " in own[0] and "Missing persons" in own[0]
    officers = next(line for line in lines if line.startswith("police-officers "))
    assert " stock " in officers and " built-in " in officers


def test_the_spike_is_found_and_named_as_the_force_names_it(run):
    found = json.loads(run("findings", "--format", "json").output)
    missing = [f for f in found if f["indicator"] == "missing-persons"]
    assert [f["month"] for f in missing] == [LAST], found
    assert "Missing persons" in missing[0]["summary"] and "520" in missing[0]["summary"]


def test_the_digest_names_it_and_counts_officers_as_a_headcount(run):
    out = run("digest", "--month", LAST).output
    assert "Missing persons" in out and "User satisfaction (violent crime)" in out
    assert "Up 0.14% (4 officers)" in out


def test_compare_gives_the_headcount_against_a_year_before(run):
    result = run("compare", "police-officers", "lancashire", "--month", LAST, "--format", "json")
    assert result.exit_code == 0, result.output
    force = json.loads(result.output)["rows"][0]
    assert (force["current"], force["previous"], force["change"]) == (2864, 2860, 4)
    assert force["percent"] == 0.14


def test_a_bad_indicators_file_is_refused_with_its_line_and_column(run, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(INDICATORS.replace("Developing Confident Communities", "Confidence"))
    result = run("ingest", "--indicators", str(bad))
    assert result.exit_code == 1
    assert f"{bad}, line 3, column 'theme': unknown theme 'Confidence'" in result.output
    assert "Traceback" not in result.output
    assert "missing-persons " in run("indicators").output  # the loaded file stays


def test_compare_pools_a_proportion_and_gives_its_change_in_points(run):
    result = run(
        "compare", "satisfaction-violent-crime", "lancashire", "--month", LAST, "--format", "json"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["measure"] == "proportion"
    force = data["rows"][0]
    assert (force["current"], force["previous"], force["change"]) == (0.805, 0.755, 0.05)
    assert force["percent"] is None
    table = run("compare", "satisfaction-violent-crime", "lancashire", "--month", LAST).output
    assert "80.5%" in table and "75.5%" in table and "+5 pts" in table


def test_breaks_of_the_forces_indicators_load_with_its_indicators_file(tmp_path):
    _add_commands()
    (tmp_path / "ind.csv").write_text(INDICATORS)
    (tmp_path / "breaks.csv").write_text(
        "indicator,month,reason\nmissing-persons,2017-01,New recording policy\n"
    )
    db = ["--db", str(tmp_path / "b.db")]
    breaks = ["ingest", "--breaks", str(tmp_path / "breaks.csv")]
    alone = CliRunner().invoke(cli, [*db, *breaks])
    assert alone.exit_code == 1
    assert "line 2, column 'indicator': unknown indicator 'missing-persons'" in alone.output
    both = CliRunner().invoke(cli, [*db, *breaks, "--indicators", str(tmp_path / "ind.csv")])
    assert both.exit_code == 0, both.output
    assert "Loaded 1 classification breaks" in both.output
