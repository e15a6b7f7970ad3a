"""A corpus of bad inputs: each is rejected with a clear error and leaves the data unchanged."""

from __future__ import annotations

import zipfile

import pytest

from storage.errors import IngestError
from storage.ingest import IngestRules, ingest, list_inputs
from tests.ingest_time import NOW
from tests.storage.street_files import street_csv, street_row, write_street_file
from tests.storage.table_hashes import table_hashes

GOOD_LONG = "month,indicator,area,value\n2020-01,missing-person-incidents,lancashire,310\n"


@pytest.fixture
def loaded(db, tmp_path):
    """A database that already holds a month of street data and a long-format value."""
    good = tmp_path / "good"
    write_street_file(good, "2020-01", [street_row("2020-01", "Robbery")])
    (good / "long.csv").write_text(GOOD_LONG)
    ingest(db, list_inputs([good]), now=NOW)
    return db


def street(month="2020-02", rows=None, header=None):
    rows = rows if rows is not None else [street_row(month, "Burglary")]
    return street_csv(rows, header) if header else street_csv(rows)


CASES = {
    # name: (file name, content, text the error must contain, expected line or None)
    "empty street file": ("2020-02-lancashire-street.csv", "", "empty", None),
    "header only": ("2020-02-lancashire-street.csv", street(rows=[]), "no rows", None),
    "wrong header": ("2020-02-lancashire-street.csv", "a,b,c\n1,2,3\n", "header", 1),
    "missing crime type column": (
        "2020-02-lancashire-street.csv",
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,LSOA name\n"
        ",2020-02,L,L,-2.7,53.7,Preston 001A\n",
        "Crime type",
        1,
    ),
    "bad month": (
        "2020-02-lancashire-street.csv",
        street(rows=[street_row("2020-02", "Burglary"), street_row("2020-13", "Burglary")]),
        "expected a month YYYY-MM",
        3,
    ),
    "mixed months": (
        "2020-02-lancashire-street.csv",
        street(rows=[street_row("2020-02", "Burglary"), street_row("2020-03", "Burglary")]),
        "2020-02",
        3,
    ),
    "unknown crime type": (
        "2020-02-lancashire-street.csv",
        street(rows=[street_row("2020-02", "Jaywalking")]),
        "unknown crime type",
        2,
    ),
    "non-numeric longitude": (
        "2020-02-lancashire-street.csv",
        street(rows=[street_row("2020-02", "Burglary", Longitude="west")]),
        "Longitude",
        2,
    ),
    "infinite latitude": (
        "2020-02-lancashire-street.csv",
        street(rows=[street_row("2020-02", "Burglary", Latitude="inf")]),
        "Latitude",
        2,
    ),
    "NaN longitude": (
        "2020-02-lancashire-street.csv",
        street(rows=[street_row("2020-02", "Burglary", Longitude="nan")]),
        "finite number",
        2,
    ),
    "NA latitude": (
        "2020-02-lancashire-street.csv",
        street(rows=[street_row("2020-02", "Burglary", Latitude="NA")]),
        "expected a number or nothing",
        2,
    ),
    "short row": (
        "2020-02-lancashire-street.csv",
        street() + ",2020-02,Lancashire Constabulary\n",
        "fields",
        3,
    ),
    "binary junk": (
        "2020-02-lancashire-street.csv",
        b"\x89PNG\r\n\x1a\n\x00\xff\xfe junk",
        "",
        None,
    ),
    "long: wrong header": ("long.csv", "date,what,where,n\n2020-01,x,y,1\n", "header", 1),
    "long: non-numeric value": (
        "long.csv",
        "month,indicator,area,value\n2020-02,ksi-casualties,lancashire,lots\n",
        "expected a finite number",
        2,
    ),
    "long: negative value": (
        "long.csv",
        "month,indicator,area,value\n2020-02,ksi-casualties,lancashire,-3\n",
        "expected a finite number",
        2,
    ),
    "long: infinite value": (
        "long.csv",
        "month,indicator,area,value\n2020-02,ksi-casualties,lancashire,inf\n",
        "expected a finite number",
        2,
    ),
    "long: bad month": (
        "long.csv",
        "month,indicator,area,value\n02/2020,ksi-casualties,lancashire,3\n",
        "expected YYYY-MM",
        2,
    ),
    "long: duplicate key": (
        "long.csv",
        "month,indicator,area,value\n2020-02,ksi-casualties,"
        "lancashire,3\n2020-02,ksi-casualties,Lancashire,4\n",
        "duplicate of line 2",
        3,
    ),
    "long: value above denominator": (
        "long.csv",
        "month,indicator,area,value,denominator\n2020-02,victim-satisfaction,lancashire,120,100\n",
        "above the denominator",
        2,
    ),
    "long: proportion without denominator": (
        "long.csv",
        "month,indicator,area,value\n2020-02,victim-satisfaction,lancashire,80\n",
        "denominator",
        2,
    ),
    "long: unknown indicator": (
        "long.csv",
        "month,indicator,area,value\n2020-02,jaywalking,lancashire,3\n",
        "unknown indicator",
        2,
    ),
    "long: street indicator": (
        "long.csv",
        "month,indicator,area,value\n2020-02,robbery,lancashire,3\n",
        "street-level",
        2,
    ),
    "areas: wrong header": ("areas.csv", "district,division\nPreston,South\n", "header", 1),
    "latin-1 text": (
        "long.csv",
        "month,indicator,area,value\n2020-02,ksi-casualties,Caf\xe9,3\n".encode("latin-1"),
        "UTF-8",
        2,
    ),
}


# Street files on disk are counted by the DuckDB scan from scan_from_bytes on: a bad file must
# come out the same whichever way it is read first.
SCANNED = IngestRules(scan_from_bytes=0)


@pytest.mark.parametrize("rules", [IngestRules(), SCANNED], ids=["read", "scanned"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_rejected_whole_and_named(loaded, tmp_path, case, rules):
    name, content, expected_text, expected_line = CASES[case]
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    # A good file beside the bad one: all or nothing means it is not stored either.
    write_street_file(bad_dir, "2020-03", [street_row("2020-03", "Robbery")])
    bad = bad_dir / name
    bad.write_bytes(content if isinstance(content, bytes) else content.encode())
    before = table_hashes(loaded)
    with pytest.raises(IngestError) as caught:
        ingest(loaded, list_inputs([bad_dir]), now=NOW, rules=rules)
    assert table_hashes(loaded) == before
    problems = caught.value.problems
    assert len(problems) == 1, problems
    assert problems[0].path.endswith(name)
    assert expected_text in str(problems[0])
    if expected_line is not None:
        assert problems[0].line == expected_line


def test_a_truncated_zip_is_rejected(loaded, tmp_path):
    archive = tmp_path / "2020-02.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("2020-02/2020-02-lancashire-street.csv", street() * 50)
    archive.write_bytes(archive.read_bytes()[:-200])
    before = table_hashes(loaded)
    with pytest.raises(IngestError, match=r"2020-02\.zip"):
        ingest(loaded, list_inputs([archive]), now=NOW)
    assert table_hashes(loaded) == before


def test_a_missing_path_is_named(loaded, tmp_path):
    with pytest.raises(IngestError, match="no such file"):
        list_inputs([tmp_path / "nowhere.csv"])


def test_the_same_force_month_twice_in_one_ingest_is_rejected(loaded, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    write_street_file(one, "2020-02", [street_row("2020-02", "Robbery")])
    write_street_file(two, "2020-02", [street_row("2020-02", "Burglary")])
    before = table_hashes(loaded)
    with pytest.raises(IngestError, match="also in"):
        ingest(loaded, list_inputs([one, two]), now=NOW)
    assert table_hashes(loaded) == before


def test_every_bad_file_is_reported_not_just_the_first(loaded, tmp_path):
    for name in ("a.csv", "b.csv"):
        (tmp_path / name).write_text("month,indicator,area,value\n2020-13,rape,x,1\n")
    before = table_hashes(loaded)
    with pytest.raises(IngestError) as caught:
        ingest(loaded, list_inputs([tmp_path / "a.csv", tmp_path / "b.csv"]), now=NOW)
    assert table_hashes(loaded) == before
    assert [p.path[-5:] for p in caught.value.problems] == ["a.csv", "b.csv"]
