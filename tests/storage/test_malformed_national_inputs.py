"""A malformed Home Office table or group file is refused whole, naming file, line and column,
and nothing stored changes (every data table hashed before and after)."""

from __future__ import annotations

import pytest

from storage.errors import IngestError
from storage.ingest import ingest, list_inputs
from tests.ingest_time import NOW
from tests.storage.home_office_table import HEADER, SLICE
from tests.storage.street_files import street_row, write_street_file
from tests.storage.table_hashes import table_hashes

GOOD = "30-06-2017,Lancashire,North West,Robbery,854"


@pytest.fixture
def loaded(db, tmp_path):
    """Street data, the Home Office slice and a group already stored."""
    street = tmp_path / "street"
    write_street_file(street, "2020-01", [street_row("2020-01", "Robbery")])
    groups = tmp_path / "groups.csv"
    groups.write_text("group,force\nMSG,Lancashire\nMSG,Cheshire\n")
    ingest(db, list_inputs([street, SLICE, groups]), now=NOW)
    assert db.execute("SELECT COUNT(*) FROM recorded_crime").fetchone()[0] > 0
    return db


def table(*lines: str, header: str = HEADER) -> str:
    return "\r\n".join([header, *lines]) + "\r\n"


CASES = {
    # name: (file name, content, text the error must contain, line, column)
    "missing column": (
        "pfa.csv",
        table("30-06-2017,Lancashire,Robbery,854", header=HEADER.replace(",Region", "")),
        "lacks column(s) Region",
        1,
        None,
    ),
    "bad period end": (
        "pfa.csv",
        table(GOOD, "31-05-2017,Lancashire,North West,Robbery,800"),
        "expected a quarter end",
        3,
        "12 months ending",
    ),
    "period end in another format": (
        "pfa.csv",
        table("2017-06-30,Lancashire,North West,Robbery,854"),
        "'2017-06-30'",
        2,
        "12 months ending",
    ),
    "negative total": (
        "pfa.csv",
        table(GOOD, "30-06-2017,Lancashire,North West,Domestic burglary,-4363"),
        "cannot be negative",
        3,
        "Rolling year total number of offences",
    ),
    "total not a whole number": (
        "pfa.csv",
        table("30-06-2017,Lancashire,North West,Robbery,85.4"),
        "expected a whole number",
        2,
        "Rolling year total number of offences",
    ),
    "force twice for one period and offence": (
        "pfa.csv",
        table(GOOD, "30-06-2017,Cheshire,North West,Robbery,500", GOOD),
        "already on line 2",
        4,
        None,
    ),
    "one quarter under two spellings": (
        "pfa.csv",
        table(
            "31-12-2017,Lancashire,North West,Robbery,900",
            "30-12-2017,Lancashire,North West,Robbery,901",
        ),
        "already on line 2",
        3,
        None,
    ),
    "unknown force": (
        "pfa.csv",
        table("30-06-2017,Lancashir,North West,Robbery,854"),
        "did you mean Lancashire",
        2,
        "PFA",
    ),
    "unknown offence": (
        "pfa.csv",
        table("30-06-2017,Lancashire,North West,Robbery (personal),854"),
        "unknown offence group",
        2,
        "Offence",
    ),
    "force in two regions": (
        "pfa.csv",
        table(GOOD, "30-06-2017,Lancashire,North East,Shoplifting,8982"),
        "in 'North West' on line 2",
        3,
        "Region",
    ),
    "short row": ("pfa.csv", table(GOOD, "30-06-2017,Lancashire,North West"), "3 fields", 3, None),
    "header only": ("pfa.csv", table(), "no rows", 1, None),
    "group: unknown force": (
        "groups.csv",
        "group,force\nMSG,Lancashire\nMSG,Staffordshre\n",
        "did you mean Staffordshire",
        3,
        "force",
    ),
    "group: not a force area": (
        "groups.csv",
        "group,force\nMSG,British Transport Police\n",
        "not a police force area",
        2,
        "force",
    ),
    "group: force twice": (
        "groups.csv",
        "group,force\nMSG,Lancashire\nmsg,lancashire\n",
        "already in 'msg' on line 2",
        3,
        "force",
    ),
    "group: no force": ("groups.csv", "group,force\nMSG\n", "a group name and a force", 2, None),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_refused_whole_and_named(loaded, tmp_path, case):
    name, content, expected_text, expected_line, expected_column = CASES[case]
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    # Good inputs beside the bad one: all or nothing means they are not stored either.
    write_street_file(bad_dir, "2020-03", [street_row("2020-03", "Robbery")])
    (bad_dir / "good-pfa.csv").write_text(table("30-09-2017,Cumbria,North West,Robbery,50"))
    (bad_dir / name).write_text(content, newline="")
    before = table_hashes(loaded)
    with pytest.raises(IngestError) as caught:
        ingest(loaded, list_inputs([bad_dir]), now=NOW)
    assert table_hashes(loaded) == before
    problems = caught.value.problems
    assert len(problems) == 1, problems
    assert problems[0].path.endswith(name)
    assert expected_text in str(problems[0])
    assert problems[0].line == expected_line
    assert problems[0].column == expected_column


def test_the_same_figure_in_two_tables_of_one_ingest_is_refused(loaded, tmp_path):
    for name in ("a.csv", "b.csv"):
        (tmp_path / name).write_text(table(GOOD))
    before = table_hashes(loaded)
    with pytest.raises(IngestError, match="also in"):
        ingest(loaded, list_inputs([tmp_path / "a.csv", tmp_path / "b.csv"]), now=NOW)
    assert table_hashes(loaded) == before


def test_a_good_table_beside_the_same_files_is_stored(loaded, tmp_path):
    """The corpus' good inputs are good: only the bad file stops them."""
    good = tmp_path / "good"
    write_street_file(good, "2020-03", [street_row("2020-03", "Robbery")])
    (good / "good-pfa.csv").write_text(table("30-09-2017,Cumbria,North West,Robbery,50"))
    before = table_hashes(loaded)
    ingest(loaded, list_inputs([good]), now=NOW)
    after = table_hashes(loaded)
    assert after["recorded_crime"] != before["recorded_crime"]
    assert after["street_files"] != before["street_files"]
