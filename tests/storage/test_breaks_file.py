"""An analyst's classification breaks file: checked against the catalogue (the force's own
indicators included), stored all or nothing, added to the built-in breaks."""

from __future__ import annotations

import pytest

from bot.use_cases.detection import series_input
from storage.areas import get_area
from storage.breaks_file import parse_breaks_csv, read_breaks_file
from storage.catalogue import builtin_breaks, builtin_indicators, classification_breaks
from storage.errors import IngestError
from storage.indicator_file import read_indicator_file
from storage.ingest import ingest, list_inputs
from tests.ingest_time import NOW

HEADER = "indicator,month,reason\n"
MISSING_PERSONS = (
    "slug,name,noun,theme,unit,bad_direction,sensitive\n"
    "missing-persons,Missing persons,reports,Supporting Vulnerable People & Victims,count,up,"
    "false\n"
)


def problems_of(text: str) -> list[str]:
    return [str(p) for p in parse_breaks_csv(text, "breaks.csv", builtin_indicators())[1]]


def test_a_good_file_is_read():
    found, problems = parse_breaks_csv(
        HEADER + "robbery,2019-04,Robbery recorded by a new crime system\n",
        "breaks.csv",
        builtin_indicators(),
    )
    assert problems == []
    assert [(b.indicator, b.month) for b in found.breaks] == [("robbery", "2019-04")]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "robery,2019-04,x\n",
            "breaks.csv, line 2, column 'indicator': unknown indicator 'robery'",
        ),
        ("robbery,April 2019,x\n", "breaks.csv, line 2, column 'month': month is 'April 2019'"),
        ("robbery,2019-04,\n", "breaks.csv, line 2, column 'reason': reason is empty"),
        ("robbery,2019-04\n", "breaks.csv, line 2: 2 fields where the header has 3"),
    ],
)
def test_a_bad_row_is_refused_with_its_line_and_column(row, expected):
    found = problems_of(HEADER + row)
    assert len(found) == 1 and found[0].startswith(expected), found


def test_a_duplicate_names_the_first_line():
    assert problems_of(HEADER + "robbery,2019-04,a\nrobbery,2019-04-01,b\n") == [
        "breaks.csv, line 3: duplicate of line 2 (robbery, 2019-04); expected one break per "
        "indicator and month"
    ]


def test_breaks_of_the_forces_own_indicators_load_with_its_indicators_file(db, tmp_path):
    indicators = read_indicator_file(MISSING_PERSONS.encode(), "ind.csv")
    breaks = read_breaks_file(
        (HEADER + "missing-persons,2021-04,New missing-person policy\n").encode(),
        "breaks.csv",
        indicators.catalogue(),
    )
    extract = tmp_path / "extract.csv"
    extract.write_text("month,indicator,area,value\n2021-03,missing-persons,Lancashire,30\n")
    ingest(db, list_inputs([extract]), now=NOW, indicator_file=indicators, breaks_file=breaks)
    assert classification_breaks(db) == tuple(
        sorted([*builtin_breaks(), *breaks.breaks], key=lambda b: (b.indicator, b.month))
    )
    one = series_input(db, indicators.catalogue()["missing-persons"], get_area(db, "lancashire"))
    assert one is not None and one.breaks == ("2021-04",)


def test_without_the_indicators_file_its_indicators_breaks_are_refused():
    with pytest.raises(IngestError, match="unknown indicator 'missing-persons'"):
        read_breaks_file(
            (HEADER + "missing-persons,2021-04,x\n").encode(), "breaks.csv", builtin_indicators()
        )


def test_bad_data_stores_no_breaks(db, tmp_path):
    breaks = read_breaks_file(
        (HEADER + "robbery,2019-04,x\n").encode(), "breaks.csv", builtin_indicators()
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("month,indicator,area,value\n2020-01,robbery-ish,L,1\n")
    with pytest.raises(IngestError):
        ingest(db, list_inputs([bad]), now=NOW, breaks_file=breaks)
    assert classification_breaks(db) == builtin_breaks()
