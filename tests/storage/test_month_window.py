"""Months outside the plausible window (first publication to the current month, plus what the
settings allow) are refused with file, line and column; the current month is given, not read."""

from __future__ import annotations

import pytest

from months import add_months
from storage.errors import IngestError
from storage.ingest import IngestRules, ingest, list_inputs
from storage.month_window import MonthWindow
from tests.ingest_time import NOW
from tests.storage.street_files import street_row, write_street_file
from tests.storage.table_hashes import table_hashes

CURRENT = NOW.strftime("%Y-%m")  # 2026-01


def long_file(tmp_path, month: str):
    path = tmp_path / "long.csv"
    path.write_text(
        f"month,indicator,area,value\n2020-01,ksi-casualties,lancashire,3\n"
        f"{month},ksi-casualties,lancashire,4\n"
    )
    return path


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "2002-03", add_months(CURRENT, 1)])
def test_a_long_format_row_outside_the_window_is_refused_at_its_line(db, tmp_path, month):
    before = table_hashes(db)
    with pytest.raises(IngestError) as caught:
        ingest(db, list_inputs([long_file(tmp_path, month)]), now=NOW)
    assert table_hashes(db) == before
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.column) == (str(tmp_path / "long.csv"), 3, "month")
    assert f"month is {month}; expected a month from 2002-04 to {CURRENT}" in problem.message


@pytest.mark.parametrize("month", ["2002-04", CURRENT])
def test_the_window_includes_its_ends(db, tmp_path, month):
    assert len(ingest(db, list_inputs([long_file(tmp_path, month)]), now=NOW).measures) == 2


def test_the_settings_allow_months_ahead(db, tmp_path):
    ahead = add_months(CURRENT, 2)
    rules = IngestRules(months_ahead=2)
    assert len(ingest(db, list_inputs([long_file(tmp_path, ahead)]), now=NOW, rules=rules).measures)


@pytest.mark.parametrize("month", ["2010-11", "2099-01"])
def test_a_street_file_for_an_impossible_month_is_refused(db, tmp_path, month):
    path = write_street_file(tmp_path, month, [street_row(month, "Robbery")])
    before = table_hashes(db)
    with pytest.raises(IngestError) as caught:
        ingest(db, list_inputs([tmp_path]), now=NOW)
    assert table_hashes(db) == before
    [problem] = caught.value.problems
    assert problem.path == str(path)
    assert f"the file name says {month}; expected a month from 2010-12 to {CURRENT}" in str(problem)


def test_months_are_added_across_years():
    assert add_months("2025-11", 3) == "2026-02"
    assert add_months("2026-01", -1) == "2025-12"
    assert "2026-01" in MonthWindow("2010-12", "2026-01")
    assert "2026-02" not in MonthWindow("2010-12", "2026-01")
