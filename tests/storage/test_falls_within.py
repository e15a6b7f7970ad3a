"""A street file's rows must be its own force's: "Falls within" is checked against the force in
the file name, which accepts what data.police.uk publishes and refuses another force's name."""

from __future__ import annotations

import io

import pytest

from storage.errors import IngestError
from storage.force_areas import force_areas, names_force
from storage.ingest import ingest, list_inputs
from storage.police_uk import BLOCK_BYTES, BadStreetFile, parse_street_csv
from tests.ingest_time import NOW
from tests.storage.street_files import street_csv, street_row, write_street_file
from tests.storage.table_hashes import table_hashes

CUMBRIA = {"Falls within": "Cumbria Constabulary", "Reported by": "Cumbria Constabulary"}


def parse(slug: str, falls_within: str):
    rows = [street_row("2020-01", "Robbery", **{"Falls within": falls_within})] * 2
    data = street_csv(rows).encode()
    return parse_street_csv(lambda: io.BytesIO(data), f"2020-01/2020-01-{slug}-street.csv")


# As data.police.uk writes them in "Falls within" (and names the forces in its API).
@pytest.mark.parametrize(
    ("slug", "published"),
    [
        ("lancashire", "Lancashire Constabulary"),
        ("metropolitan", "Metropolitan Police Service"),
        ("devon-and-cornwall", "Devon & Cornwall Police"),
        ("dyfed-powys", "Dyfed-Powys Police"),
        ("city-of-london", "City of London Police"),
        ("avon-and-somerset", "Avon and Somerset Constabulary"),
        ("btp", "British Transport Police"),
        ("northern-ireland", "Police Service of Northern Ireland"),
    ],
)
def test_the_name_data_police_uk_publishes_is_accepted_under_the_forces_slug(slug, published):
    parsed = parse(slug, published)
    assert (parsed.force, parsed.force_name, parsed.rows) == (slug, published, 2)


def test_every_territorial_forces_published_name_names_its_own_slug_only():
    for slug, force in force_areas().items():
        assert force.police_uk_name, slug
        assert names_force(force.police_uk_name, slug), slug
        assert not names_force(
            force.police_uk_name, "lancashire" if slug != "lancashire" else "kent"
        )


@pytest.mark.parametrize("spelling", ["Lancashire", "Lancashire Police", "LANCASHIRE CONSTABULARY"])
def test_the_home_office_name_and_its_suffixed_spellings_are_accepted(spelling):
    assert parse("lancashire", spelling).rows == 2


@pytest.mark.parametrize(
    ("slug", "falls_within"),
    [
        ("lancashire", "Cumbria Constabulary"),
        ("lancashire", "Lancs Constabulary"),
        ("lancashire", ""),
        ("lancashire", "Action Fraud"),
        ("northern-ireland", "Cumbria Constabulary"),  # a force not listed, with another's name
    ],
)
def test_a_name_that_is_not_the_files_force_is_refused_at_the_first_row(slug, falls_within):
    with pytest.raises(BadStreetFile) as caught:
        parse(slug, falls_within)
    problem = caught.value.problem
    assert (problem.line, problem.column) == (2, "Falls within")
    assert f"Falls within is {falls_within!r} but the file name says {slug}" in problem.message


def test_the_refusal_says_what_data_police_uk_calls_the_force():
    with pytest.raises(BadStreetFile, match="expected 'Metropolitan Police Service'"):
        parse("metropolitan", "Kent Police")


def test_a_file_whose_rows_all_name_another_force_stores_nothing_and_renames_nothing(db, tmp_path):
    write_street_file(tmp_path / "jan", "2020-01", [street_row("2020-01", "Robbery")])
    ingest(db, list_inputs([tmp_path / "jan"]), now=NOW)
    rows = [street_row("2020-02", "Burglary", **CUMBRIA)] * 3
    path = write_street_file(tmp_path / "feb", "2020-02", rows)
    before = table_hashes(db)
    with pytest.raises(IngestError) as caught:
        ingest(db, list_inputs([tmp_path / "feb"]), now=NOW)
    assert table_hashes(db) == before
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.column) == (str(path), 2, "Falls within")
    assert str(problem).startswith(
        f"{path}, line 2, column 'Falls within': Falls within is 'Cumbria Constabulary' but the "
        "file name says lancashire; expected 'Lancashire Constabulary'"
    )
    assert db.execute("SELECT name FROM areas WHERE slug = 'lancashire'").fetchone() == (
        "Lancashire",
    )


def test_a_file_of_another_force_over_several_read_blocks_is_refused_at_its_first_row():
    row = street_row("2020-01", "Robbery", **CUMBRIA)  # over 100 bytes a line
    data = street_csv([row] * (3 * BLOCK_BYTES // 100)).encode()
    assert len(data) > 2 * BLOCK_BYTES
    with pytest.raises(BadStreetFile) as caught:
        parse_street_csv(lambda: io.BytesIO(data), "2020-01/2020-01-lancashire-street.csv")
    problem = caught.value.problem
    assert (problem.line, problem.column) == (2, "Falls within")
