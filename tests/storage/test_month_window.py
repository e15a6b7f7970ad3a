"""Months outside the plausible window (first publication to the current month, plus what the
settings allow) are refused with file, line and column; the current month is given, not read."""

from __future__ import annotations

import pytest

from months import add_months
from storage.breaks_file import read_breaks_file
from storage.catalogue import builtin_indicators
from storage.errors import IngestError
from storage.ingest import IngestRules, ingest, list_inputs
from storage.month_window import MonthWindow, MonthWindows
from tests.ingest_time import NOW
from tests.storage.street_files import street_row, write_street_file
from tests.storage.table_hashes import table_hashes

CURRENT = NOW.strftime("%Y-%m")  # 2026-01
HOME_OFFICE_HEADER = "12 months ending,PFA,Region,Offence,Rolling year total number of offences"


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


def home_office_file(tmp_path, period_end: str):
    path = tmp_path / "rec-crime-pfa.csv"
    path.write_text(
        f"{HOME_OFFICE_HEADER}\n"
        "31-03-2017,Lancashire,North West,Robbery,1200\n"
        f"{period_end},Lancashire,North West,Robbery,1300\n"
    )
    return path


@pytest.mark.parametrize(
    ("period_end", "month"),
    [("31-12-9999", "9999-12"), ("31-03-0001", "0001-03"), ("31-03-2002", "2002-03")],
)
def test_a_home_office_period_end_outside_the_window_is_refused_at_its_line(
    db, tmp_path, period_end, month
):
    path = home_office_file(tmp_path, period_end)
    before = table_hashes(db)
    with pytest.raises(IngestError) as caught:
        ingest(db, list_inputs([path]), now=NOW)
    assert table_hashes(db) == before
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.column) == (str(path), 3, "12 months ending")
    assert (
        f"period end is {period_end!r}, the quarter ending {month}; expected a month from "
        f"2002-04 to {CURRENT}" in problem.message
    )


def test_a_home_office_period_end_in_the_window_is_stored(db, tmp_path):
    ingest(db, list_inputs([home_office_file(tmp_path, "31-12-2025")]), now=NOW)
    assert db.execute("SELECT month FROM recorded_crime ORDER BY month").fetchall() == [
        ("2017-03",),
        ("2025-12",),
    ]


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "2002-03", add_months(CURRENT, 1)])
def test_a_classification_break_outside_the_window_is_refused_at_its_line(month):
    window = MonthWindows.at(NOW).published
    text = f"indicator,month,reason\nrobbery,2019-04,x\nrobbery,{month},y\n"
    with pytest.raises(IngestError) as caught:
        read_breaks_file(text.encode(), "breaks.csv", builtin_indicators(), window)
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.column) == ("breaks.csv", 3, "month")
    assert f"month is {month}; expected a month from 2002-04 to {CURRENT}" in problem.message


def test_the_window_ends_the_settings_months_ahead_of_now():
    windows = MonthWindows.at(NOW, months_ahead=2)
    assert (windows.street.first, windows.street.last) == ("2010-12", "2026-03")
    assert (windows.published.first, windows.published.last) == ("2002-04", "2026-03")
