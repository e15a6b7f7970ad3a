"""The analyst's indicators file: checked like any input, stored all or nothing, and merged with
the built-in catalogue wherever the catalogue is read."""

from __future__ import annotations

import pytest

from storage.catalogue import builtin_indicators, indicators
from storage.errors import IngestError
from storage.indicator_file import parse_indicator_csv, read_indicator_file
from storage.ingest import ingest, list_inputs
from storage.series import series
from tests.ingest_time import NOW
from tests.storage.street_files import street_row, write_street_file

HEADER = "slug,name,noun,theme,unit,bad_direction,sensitive,measure,components,aliases\n"
MISSING = (
    "missing-persons,Missing persons,missing person reports,"
    "Supporting Vulnerable People & Victims,count,up,false,,,missing people; mispers\n"
)
SATISFACTION = (
    "satisfaction-violent-crime,User satisfaction (violent crime),satisfied victims,"
    "Developing Confident Communities,proportion,down,false,,,\n"
)
ROBBERY = "robbery,Robbery (all),robberies,Tackling Crime & Re-offending,count,up,false,,,\n"


def problems_of(text: str) -> list[str]:
    return [str(p) for p in parse_indicator_csv(text, "ind.csv")[1]]


def load(db, tmp_path, text: str, *data: str):
    """Ingest the indicators file ``text`` with long-format files ``data``."""
    paths = []
    for n, body in enumerate(data):
        path = tmp_path / f"data{n}.csv"
        path.write_text(body)
        paths.append(path)
    found = read_indicator_file(text.encode(), "ind.csv")
    return ingest(db, list_inputs(paths) if paths else [], now=NOW, indicator_file=found)


def test_a_good_file_is_read_with_measures_from_units_and_aliases_split():
    found, problems = parse_indicator_csv(HEADER + MISSING + SATISFACTION, "ind.csv")
    assert problems == []
    missing, satisfaction = found.definitions
    assert (missing.slug, missing.measure, missing.aliases) == (
        "missing-persons",
        "flow",
        ("missing people", "mispers"),
    )
    assert (satisfaction.unit, satisfaction.measure) == ("proportion", "proportion")


def test_only_the_required_columns_are_needed():
    text = "slug,name,noun,theme,unit,bad_direction,sensitive\n" + ",".join(MISSING.split(",")[:7])
    assert problems_of(text) == []


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            MISSING.replace(",count,", ",counts,"),
            "ind.csv, line 2, column 'unit': unknown unit 'counts'; expected count or proportion",
        ),
        (
            MISSING.replace("Supporting Vulnerable People & Victims", "Vulnerable people"),
            "ind.csv, line 2, column 'theme': unknown theme 'Vulnerable people'",
        ),
        (
            ROBBERY.replace(",,,\n", ",,robbery burglery,\n").replace("robbery,", "total,", 1),
            "ind.csv, line 2, column 'components': component 'burglery' does not exist",
        ),
        (
            MISSING.replace(",false,", ",no,"),
            "ind.csv, line 2, column 'sensitive': sensitive is 'no'; expected true or false",
        ),
        (
            MISSING.replace(",up,", ",higher,"),
            "ind.csv, line 2, column 'bad_direction': bad_direction is 'higher'",
        ),
        (
            MISSING.replace("false,,", "false,stock-ish,"),
            "ind.csv, line 2, column 'measure': unknown measure 'stock-ish'",
        ),
        (
            SATISFACTION.replace("false,,", "false,stock,"),
            "ind.csv, line 2, column 'measure': measure stock with unit proportion",
        ),
        (
            MISSING.replace("missing-persons", "Missing Persons"),
            "ind.csv, line 2, column 'slug': slug is 'Missing Persons'; expected lower-case",
        ),
        (
            ROBBERY.replace(",,,\n", ",,burglary,\n"),
            "ind.csv, line 2, column 'components': robbery is a data.police.uk category",
        ),
        (
            MISSING.replace("missing people", "robbery"),
            "ind.csv, line 2, column 'aliases': alias 'robbery' already names 'robbery'",
        ),
        (
            MISSING.replace("missing people", "asb"),
            "ind.csv, line 2, column 'aliases': alias 'asb' already names 'anti-social-behaviour'",
        ),
        (
            MISSING.replace("missing people", "robberies"),
            "ind.csv, line 2, column 'aliases': alias 'robberies' already names 'robbery'",
        ),
    ],
)
def test_a_bad_row_is_refused_with_its_line_and_column(row, expected):
    found = problems_of(HEADER + row)
    assert len(found) == 1, found
    assert found[0].startswith(expected), found


def test_a_duplicate_slug_names_both_lines():
    assert problems_of(HEADER + MISSING + SATISFACTION + MISSING) == [
        "ind.csv, line 4, column 'slug': duplicate slug 'missing-persons': also defined on "
        "line 2; expected one row per indicator"
    ]


def test_every_problem_is_reported_at_once():
    text = HEADER + MISSING.replace(",count,", ",counts,") + SATISFACTION.replace(",down,", ",x,")
    assert [p.split(":")[0] for p in problems_of(text)] == [
        "ind.csv, line 2, column 'unit'",
        "ind.csv, line 3, column 'bad_direction'",
    ]


def test_an_unknown_column_is_refused_on_the_header_line():
    assert problems_of("slug,name,noun,theme,unit,bad_direction,sensitive,colour\n")[0].startswith(
        "ind.csv, line 1: header is 'slug,name,noun,theme,unit,bad_direction,sensitive,colour'"
    )


def test_loaded_definitions_override_in_place_and_extend_after_the_built_ins(db, tmp_path):
    load(db, tmp_path, HEADER + MISSING + ROBBERY)
    catalogue = indicators(db)
    built_in = builtin_indicators()
    assert list(catalogue)[: len(built_in)] == list(built_in)
    assert list(catalogue)[len(built_in) :] == ["missing-persons"]
    robbery = catalogue["robbery"]
    assert (robbery.name, robbery.origin, robbery.source, robbery.crime_type) == (
        "Robbery (all)",
        "file",
        "police-uk",
        "Robbery",
    )
    assert catalogue["missing-persons"].source == "long"
    assert catalogue["burglary"].origin == "built-in"
    assert catalogue["missing-persons"].aliases == ("missing people", "mispers")


def test_a_second_file_replaces_the_first(db, tmp_path):
    load(db, tmp_path, HEADER + MISSING + ROBBERY)
    load(db, tmp_path, HEADER + SATISFACTION)
    catalogue = indicators(db)
    assert "missing-persons" not in catalogue and "satisfaction-violent-crime" in catalogue
    assert catalogue["robbery"] == builtin_indicators()["robbery"]


def test_an_extract_with_the_forces_own_names_loads_with_its_indicators_file(db, tmp_path):
    extract = (
        "month,indicator,area,value,denominator\n"
        "2020-01,missing-persons,Lancashire,310,\n"
        "2020-01,satisfaction-violent-crime,Lancashire,160,200\n"
    )
    load(db, tmp_path, HEADER + MISSING + SATISFACTION, extract)
    rows = db.execute("SELECT indicator, value, denominator FROM measures ORDER BY 1").fetchall()
    assert rows == [("missing-persons", 310.0, None), ("satisfaction-violent-crime", 160.0, 200.0)]


def test_without_its_indicators_file_the_extract_is_refused(db, tmp_path):
    path = tmp_path / "extract.csv"
    path.write_text("month,indicator,area,value\n2020-01,missing-persons,Lancashire,310\n")
    with pytest.raises(IngestError, match="line 2, column 'indicator': unknown indicator"):
        ingest(db, list_inputs([path]), now=NOW)


def test_a_later_extract_uses_the_stored_definitions(db, tmp_path):
    load(db, tmp_path, HEADER + MISSING)
    path = tmp_path / "later.csv"
    path.write_text("month,indicator,area,value\n2020-02,missing-persons,Lancashire,290\n")
    ingest(db, list_inputs([path]), now=NOW)
    assert db.execute("SELECT COUNT(*) FROM measures").fetchone() == (1,)


def test_bad_data_with_a_good_file_stores_neither(db, tmp_path):
    load(db, tmp_path, HEADER + ROBBERY)
    with pytest.raises(IngestError):
        load(db, tmp_path, HEADER + MISSING, "month,indicator,area,value\n2020-01,x,y,1\n")
    assert "missing-persons" not in indicators(db)
    assert indicators(db)["robbery"].name == "Robbery (all)"


def test_a_file_that_drops_an_indicator_with_values_loaded_is_refused(db, tmp_path):
    load(
        db, tmp_path, HEADER + MISSING, "month,indicator,area,value\n2020-01,missing-persons,L,3\n"
    )
    with pytest.raises(IngestError, match="missing-persons is not in the file, but 1 values"):
        load(db, tmp_path, HEADER + SATISFACTION)
    assert "missing-persons" in indicators(db)


def test_a_total_of_police_uk_categories_is_their_sum(db, tmp_path):
    rows = [street_row("2020-01", "Shoplifting")] * 3 + [street_row("2020-01", "Other theft")] * 2
    write_street_file(tmp_path / "s", "2020-01", [*rows, street_row("2020-01", "Robbery")])
    total = "theft-total,All theft,thefts,Tackling Crime & Re-offending,count,up,false,,"
    found = read_indicator_file((HEADER + total + "shoplifting other-theft,\n").encode(), "ind.csv")
    ingest(db, list_inputs([tmp_path / "s"]), now=NOW, indicator_file=found)
    assert indicators(db)["theft-total"].source == "derived"
    assert series(db, "theft-total", "lancashire").tolist() == [5.0]  # 3 + 2, robbery left out


def test_a_row_overriding_a_built_in_replaces_its_aliases(db, tmp_path):
    asb = builtin_indicators()["anti-social-behaviour"]
    assert "asb" in asb.aliases  # the built-in alias the file takes over
    row = (
        "asb-repeat-callers,ASB repeat callers,repeat ASB callers,Tackling Crime & Re-offending,"
        "proportion,up,false,,,asb\n"
        "anti-social-behaviour,Anti-social behaviour,ASB incidents,Tackling Crime & Re-offending,"
        "count,up,false,,,antisocial\n"
    )
    load(db, tmp_path, HEADER + row)
    catalogue = indicators(db)
    assert catalogue["asb-repeat-callers"].aliases == ("asb",)
    assert catalogue["anti-social-behaviour"].aliases == ("antisocial",)
