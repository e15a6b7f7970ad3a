"""``scrutiny compare`` run as a user runs it: a force on the Home Office slice, a division and a
district on street files, in table and JSON; errors in one line, no traceback."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from bot.cli import _add_commands, cli
from tests.storage.home_office_table import SLICE, all_crime, read_rows, regions, totals
from tests.storage.street_files import street_row, write_street_file

MONTHS = [f"{y}-{m:02d}" for y in (2020, 2021) for m in range(1, 13)]
# Robberies a month: the first 12 months, then the last 12.
ROBBERIES = {"Preston 001A": (2, 3), "Chorley 002B": (1, 1), "Blackpool 003C": (2, 2), "": (1, 1)}


@pytest.fixture
def run(tmp_path):
    _add_commands()
    db_path = tmp_path / "cli.db"

    def invoke(*args: str):
        return CliRunner().invoke(cli, ["--db", str(db_path), *args])

    return invoke


@pytest.fixture
def street(tmp_path):
    """24 months of Lancashire street files: Preston and Chorley in South, Blackpool in West,
    and crimes with no location that only the force counts."""
    folder = tmp_path / "street"
    for i, month in enumerate(MONTHS):
        rows = [
            street_row(month, "Robbery", lsoa)
            for lsoa, per_year in ROBBERIES.items()
            for _ in range(per_year[i // 12])
        ]
        write_street_file(folder, month, rows)
    (folder / "areas.csv").write_text(
        "local_authority,division\nPreston,South\nChorley,South\nBlackpool,West\n"
    )
    return folder


def one_line_error(result, code=1):
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    return result.output


def test_a_force_beside_its_region_as_json(run):
    assert run("ingest", str(SLICE)).exit_code == 0
    result = run("compare", "all-crime", "Lancashire", "--month", "2017-06", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    rows = read_rows(SLICE)
    now, before = totals(rows, "30-06-2017", all_crime), totals(rows, "30-06-2016", all_crime)
    north_west = regions(rows)["North West"]
    assert data["indicator"] == "all-crime" and data["month"] == "2017-06"
    assert data["rows"] == [
        {
            "level": "force",
            "area": "lancashire",
            "name": "Lancashire",
            "source": "police recorded crime (Home Office)",
            "current": now["Lancashire"],
            "previous": before["Lancashire"],
            "change": 12_168,
            "percent": round(100 * 12_168 / before["Lancashire"], 2),
        },
        {
            "level": "region",
            "area": "north-west-region",
            "name": "North West Region",
            "source": "police recorded crime (Home Office)",
            "current": sum(now[f] for f in north_west),
            "previous": sum(before[f] for f in north_west),
            "change": sum(now[f] - before[f] for f in north_west),
            "percent": round(
                100
                * sum(now[f] - before[f] for f in north_west)
                / sum(before[f] for f in north_west),
                2,
            ),
        },
    ]
    assert data["forces_up"] is None and data["forces"] is None  # 5 of 43 forces loaded
    up = sorted(f for f in north_west if now[f] > before[f])
    place = 1 + sum(
        1
        for f in north_west
        if (now[f] - before[f]) / before[f]
        < (now["Lancashire"] - before["Lancashire"]) / before["Lancashire"]
    )
    assert data["rank"] == [
        {
            "level": "region",
            "area": "north-west-region",
            "name": "North West Region",
            "place": place,
            "of": 5,
        }
    ]
    assert "largest fall" in data["rank_order"]
    assert up  # the region has forces up: the count would not be vacuous with national data
    assert any("British Transport Police" in n for n in data["notes"])


def test_a_force_as_a_table(run):
    run("ingest", str(SLICE))
    result = run("compare", "burglary", "lancashire", "--month", "2017-06")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Burglary: 12 months to June 2017 against the 12 months to June 2016"
    force = next(line for line in lines if line.startswith("force"))
    assert force.split()[1:6] == ["Lancashire", "13,000", "11,688", "+1,312", "+11.2%"]
    assert force.endswith("police recorded crime (Home Office)")
    assert any(line.split()[:4] == ["region", "North", "West", "Region"] for line in lines)
    assert any("England & Wales: 5 of its 43 areas" in line for line in lines)


def test_a_division_beside_its_force(run, street):
    assert run("ingest", str(street)).exit_code == 0
    result = run("compare", "robbery", "south", "--month", "2021-12", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    # South: Preston 2+1 a month, then 3+1; the force adds Blackpool 2 and 1 with no location.
    assert [(r["level"], r["current"], r["previous"], r["change"]) for r in data["rows"]] == [
        ("division", 48, 36, 12),
        ("force", 84, 72, 12),
    ]
    assert {r["source"] for r in data["rows"]} == {"police.uk street-level"}
    assert data["rows"][0]["percent"] == 33.33
    assert data["rank"] == [  # South +33.3% against West 0%
        {"level": "force", "area": "lancashire", "name": "Lancashire", "place": 2, "of": 2}
    ]
    assert data["forces_up"] is None


def test_a_district_beside_its_division_and_force_as_a_table(run, street):
    run("ingest", str(street))
    result = run("compare", "robbery", "preston", "--month", "2021-12")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1] == "(monthly counts summed over each 12 months)"
    table = [line.split("  ")[0].strip() for line in lines[3:7]]
    assert table == ["level", "district", "division", "force"]
    district = lines[4].split()
    assert district[:6] == ["district", "Preston", "36", "24", "+12", "+50%"]
    assert "2nd of 2 in South Division" in result.output  # Preston +50% against Chorley 0%


def test_street_and_national_figures_never_share_a_comparison(run, street):
    run("ingest", str(street), str(SLICE))
    division = json.loads(
        run("compare", "robbery", "south", "--month", "2021-12", "--format", "json").output
    )
    force = json.loads(
        run("compare", "robbery", "lancashire", "--month", "2017-06", "--format", "json").output
    )
    assert {r["source"] for r in division["rows"]} == {"police.uk street-level"}
    assert {r["source"] for r in force["rows"]} == {"police recorded crime (Home Office)"}


@pytest.mark.parametrize(
    ("args", "code", "text"),
    [
        (("compare", "jaywalking", "lancashire", "--month", "2017-06"), 2, "Unknown indicator"),
        (("compare", "burglary", "atlantis", "--month", "2017-06"), 2, "Unknown area"),
        (("compare", "burglary", "lancashire", "--month", "2017-05"), 1, "not a period end"),
        (("compare", "burglary", "lancashire", "--month", "2019-06"), 1, "outside the data"),
        (("compare", "burglary", "kent", "--month", "2017-06"), 1, "no national figures for Kent"),
        (  # Kent is known to the national table only: it has no headcounts of its own
            ("compare", "police-officers", "kent", "--month", "2017-06"),
            1,
            "Kent has no figures of Police officers (headcount) of its own",
        ),
        (("compare", "robbery", "south", "--month", "2023-06"), 1, "2022-01 to 2023-06"),
    ],
)
def test_errors_are_one_line(run, street, args, code, text):
    run("ingest", str(street), str(SLICE))
    assert text in one_line_error(run(*args), code)


def test_a_force_with_no_national_data_is_told_so(run, street):
    run("ingest", str(street))
    output = one_line_error(run("compare", "robbery", "lancashire", "--month", "2021-12"))
    assert "no national figures are loaded" in output
