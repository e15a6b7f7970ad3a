"""Input that would be counted in the wrong place is refused or warned about, loudly."""

from __future__ import annotations

import pytest

from storage.areas import area_warnings
from storage.errors import IngestError
from storage.ingest import ingest, list_inputs
from storage.series import series
from tests.ingest_time import NOW
from tests.storage.street_files import street_row, write_street_file
from tests.storage.table_hashes import table_hashes


def lancashire_month(folder, month="2020-01"):
    rows = [street_row(month, "Robbery", "Preston 001A")] * 3
    rows += [street_row(month, "Robbery", "Chorley 002B")] * 2
    return write_street_file(folder, month, rows)


def areas_file(folder, text: str):
    path = folder / "areas.csv"
    path.write_text("local_authority,division\n" + text)
    return path


def test_rows_of_another_force_in_a_forces_file_are_refused_at_their_line(db, tmp_path):
    rows = [street_row("2020-01", "Robbery")] * 2
    rows.append(street_row("2020-01", "Robbery", **{"Falls within": "Cumbria Constabulary"}))
    path = write_street_file(tmp_path, "2020-01", rows)
    before = table_hashes(db)
    with pytest.raises(IngestError) as caught:
        ingest(db, list_inputs([tmp_path]), now=NOW)
    assert table_hashes(db) == before
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.column) == (str(path), 4, "Falls within")
    assert "'Cumbria Constabulary' where the rows before say 'Lancashire Constabulary'" in str(
        problem
    )


def test_a_misspelt_district_is_warned_about_with_the_district_it_leaves_out(db, tmp_path):
    lancashire_month(tmp_path / "data")
    areas = areas_file(tmp_path, "Prestn,South\nChorley,South\n")
    report = ingest(db, list_inputs([tmp_path / "data"], areas), now=NOW)
    assert report.warnings == [
        "the areas file names districts that no street-level data has, so they count for no "
        "division: Prestn (did you mean Preston?); check them against the LSOA names",
        "districts in the street-level data that the areas file places in no division: "
        "Preston (lancashire)",
    ]
    assert area_warnings(db) == report.warnings  # what `scrutiny areas` shows
    assert series(db, "robbery", "south").tolist() == [2.0]  # Chorley only, as warned


def test_an_areas_file_whose_districts_are_nowhere_in_the_data_leaves_a_division_with_no_force(
    db, tmp_path
):
    lancashire_month(tmp_path / "data")
    areas = areas_file(tmp_path, "Preston,South\nChorley,South\nAtlantis,Sea\n")
    report = ingest(db, list_inputs([tmp_path / "data"], areas), now=NOW)
    assert report.warnings == [
        "the areas file names districts that no street-level data has, so they count for no "
        "division: Atlantis; check them against the LSOA names",
        "divisions with no force (none of their districts occur in the street-level data): "
        "Sea Division",
    ]


def test_a_matching_areas_file_gives_no_warning(db, tmp_path):
    lancashire_month(tmp_path / "data")
    areas = areas_file(tmp_path, "Preston,South\nChorley,South\n")
    assert ingest(db, list_inputs([tmp_path / "data"], areas), now=NOW).warnings == []


def test_areas_are_not_checked_before_any_street_data(db, tmp_path):
    report = ingest(db, list_inputs([areas_file(tmp_path, "Preston,South\n")]), now=NOW)
    assert report.warnings == []


def test_a_long_format_area_named_by_its_display_name_is_that_area(db, tmp_path):
    lancashire_month(tmp_path / "data")
    areas = areas_file(tmp_path, "Preston,South\nChorley,South\n")
    ingest(db, list_inputs([tmp_path / "data"], areas), now=NOW)
    long = tmp_path / "long.csv"
    long.write_text("month,indicator,area,value\n2020-01,ksi-casualties,South Division,7\n")
    ingest(db, list_inputs([long]), now=NOW)
    assert series(db, "ksi-casualties", "south").tolist() == [7.0]
    assert db.execute("SELECT COUNT(*) FROM areas WHERE slug = 'south-division'").fetchone() == (0,)


def test_two_long_format_rows_that_name_one_area_two_ways_are_refused(db, tmp_path):
    lancashire_month(tmp_path / "data")
    areas = areas_file(tmp_path, "Preston,South\nChorley,South\n")
    ingest(db, list_inputs([tmp_path / "data"], areas), now=NOW)
    long = tmp_path / "long.csv"
    long.write_text(
        "month,indicator,area,value\n2020-01,ksi-casualties,South,7\n"
        "2020-01,ksi-casualties,South Division,8\n"
    )
    before = table_hashes(db)
    with pytest.raises(IngestError) as caught:
        ingest(db, list_inputs([long]), now=NOW)
    assert table_hashes(db) == before
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.column) == (str(long), 3, "area")
    assert "'South Division' is the area 'South'" in problem.message
