"""The long-format file's optional ``status`` column: ``final`` (also when absent or blank) or
``provisional``, checked like any column, stored with the figure and listed for the
data-quality checks."""

from __future__ import annotations

import pytest
from sqlite_utils import Database

from storage.db import MIGRATION_SETS, open_db
from storage.errors import IngestError
from storage.ingest import ingest, list_inputs
from storage.provisional import ProvisionalFigure, provisional_figures
from tests.ingest_time import NOW
from tests.storage.table_hashes import table_hashes


def long_file(tmp_path, text: str, name: str = "long.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def statuses(db) -> dict[tuple[str, str, str], str]:
    rows = db.execute("SELECT indicator, area, month, status FROM measures")
    return {(i, a, m): s for i, a, m, s in rows}


def test_provisional_and_final_rows_are_stored_with_their_status(db, tmp_path):
    path = long_file(
        tmp_path,
        "month,indicator,area,value,status\n"
        "2021-01,ksi-casualties,lancashire,12,final\n"
        "2021-02,ksi-casualties,lancashire,9,\n"
        "2021-03,ksi-casualties,lancashire,4,provisional\n"
        "2021-03,ksi-casualties,preston,1,Provisional\n",
    )
    ingest(db, list_inputs([path]), now=NOW)
    assert statuses(db) == {
        ("ksi-casualties", "lancashire", "2021-01"): "final",
        ("ksi-casualties", "lancashire", "2021-02"): "final",
        ("ksi-casualties", "lancashire", "2021-03"): "provisional",
        ("ksi-casualties", "preston", "2021-03"): "provisional",
    }
    assert provisional_figures(db) == [
        ProvisionalFigure("ksi-casualties", "lancashire", "2021-03"),
        ProvisionalFigure("ksi-casualties", "preston", "2021-03"),
    ]


def test_without_the_column_every_figure_is_final(db, tmp_path):
    path = long_file(tmp_path, "month,indicator,area,value\n2021-01,ksi-casualties,lancashire,12\n")
    ingest(db, list_inputs([path]), now=NOW)
    assert statuses(db) == {("ksi-casualties", "lancashire", "2021-01"): "final"}
    assert provisional_figures(db) == []


@pytest.mark.parametrize(
    "header",
    [
        "month,indicator,area,value,denominator,status",
        "month,indicator,area,value,status,denominator",
    ],
)
def test_the_column_goes_with_a_denominator_in_either_order(db, tmp_path, header):
    cells = {"denominator": "500", "status": "provisional"}
    row = ",".join(
        ["2021-01", "victim-satisfaction", "lancashire", "410"]
        + [cells[c] for c in header.split(",")[4:]]
    )
    ingest(db, list_inputs([long_file(tmp_path, f"{header}\n{row}\n")]), now=NOW)
    assert db.execute("SELECT value, denominator, status FROM measures").fetchall() == [
        (410.0, 500.0, "provisional")
    ]


@pytest.mark.parametrize("value", ["prov", "draft", "0", "final?"])
def test_any_other_status_is_refused_at_its_line_and_column(db, tmp_path, value):
    ingest(
        db,
        list_inputs(
            [
                long_file(
                    tmp_path,
                    "month,indicator,area,value\n2021-01,ksi-casualties,lancashire,1\n",
                    "first.csv",
                )
            ]
        ),
        now=NOW,
    )
    path = long_file(
        tmp_path,
        "month,indicator,area,value,status\n"
        "2021-02,ksi-casualties,lancashire,12,provisional\n"
        f"2021-03,ksi-casualties,lancashire,4,{value}\n",
    )
    before = table_hashes(db)
    with pytest.raises(IngestError) as caught:
        ingest(db, list_inputs([path]), now=NOW)
    assert table_hashes(db) == before
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.column) == (str(path), 3, "status")
    assert problem.message == (
        f"status is {value!r}; expected final or provisional (or nothing, for final)"
    )


@pytest.mark.parametrize(
    "header", ["month,indicator,area,value,status,status", "month,indicator,area,value,state"]
)
def test_a_header_with_an_unknown_or_repeated_column_is_refused(db, tmp_path, header):
    path = long_file(tmp_path, f"{header}\n")
    with pytest.raises(IngestError) as caught:
        ingest(db, list_inputs([path]), now=NOW)
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (1, None)
    assert "expected month,indicator,area,value[,denominator][,status]" in problem.message


def test_a_provisional_figure_loaded_again_as_final_is_final(db, tmp_path):
    header = "month,indicator,area,value,status\n"
    first = long_file(
        tmp_path, header + "2021-03,ksi-casualties,lancashire,4,provisional\n", "a.csv"
    )
    ingest(db, list_inputs([first]), now=NOW)
    second = long_file(tmp_path, header + "2021-03,ksi-casualties,lancashire,5,final\n", "b.csv")
    ingest(db, list_inputs([second]), now=NOW)
    assert provisional_figures(db) == []
    assert db.execute("SELECT value FROM measures").fetchall() == [(5.0,)]


def test_figures_stored_before_the_column_existed_are_final(tmp_path):
    path = tmp_path / "old.db"
    old = Database(path)
    for migrations in MIGRATION_SETS:  # the schema as it was before m005
        migrations.apply(old, stop_before="m005_measure_status")
    old.table("measures").insert(
        {
            "indicator": "ksi-casualties",
            "area": "lancashire",
            "month": "2021-01",
            "value": 3.0,
            "denominator": None,
            "source": "long-format",
        }
    )
    old.close()
    db = open_db(path)
    assert statuses(db) == {("ksi-casualties", "lancashire", "2021-01"): "final"}
    assert provisional_figures(db) == []
