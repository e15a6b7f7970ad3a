"""The data problems storage records reach analysts through the monthly run: a month loaded
again with other totals, and figures their source still calls provisional."""

from __future__ import annotations

from bot.use_cases.detection import load_inputs, run_month
from storage.ingest import ingest, list_inputs
from tests.ingest_time import NOW
from tests.storage.street_files import street_row, write_street_file

MONTHS = [f"2021-{m:02d}" for m in range(1, 8)]


def _month(folder, month: str, burglaries: int) -> None:
    rows = [street_row(month, "Burglary")] * burglaries + [street_row(month, "Drugs")] * 40
    write_street_file(folder, month, rows)


def _notices(result):
    return [e for e in result.alerts if e.lead.kind == "data-quality"]


def test_a_month_loaded_again_with_other_totals_is_told_in_the_next_run(db, tmp_path):
    first = tmp_path / "first"
    for month in MONTHS:
        _month(first, month, 60)
    ingest(db, list_inputs([first]), now=NOW)
    again = tmp_path / "again"
    _month(again, "2021-03", 40)  # 80 rows where there were 100: -20%
    ingest(db, list_inputs([again]), now=NOW)
    (notice,) = _notices(run_month(db, load_inputs(db), "2021-07", dry_run=True))
    assert notice.lead.evidence.rule == "revised-month"
    assert (notice.lead.month, notice.lead.value, notice.lead.expected) == ("2021-03", 80, 100)


def test_an_identical_file_loaded_again_is_no_notice(db, tmp_path):
    folder = tmp_path / "files"
    for month in MONTHS:
        _month(folder, month, 60)
    ingest(db, list_inputs([folder]), now=NOW)
    ingest(db, list_inputs([folder]), now=NOW)
    assert _notices(run_month(db, load_inputs(db), "2021-07", dry_run=True)) == []


def test_a_provisional_figure_is_told_and_not_tested(db, tmp_path):
    rows = ["month,indicator,area,value,status"]
    months = [f"{2019 + i // 12}-{i % 12 + 1:02d}" for i in range(30)]
    for month in months[:-1]:
        rows.append(f"{month},missing-person-incidents,Lancashire,{100 + len(rows) % 7},final")
    rows.append(f"{months[-1]},missing-person-incidents,Lancashire,400,provisional")  # 4x: untested
    path = tmp_path / "extract.csv"
    path.write_text("\n".join(rows) + "\n")
    ingest(db, list_inputs([path]), now=NOW)
    result = run_month(db, load_inputs(db), months[-1], dry_run=True)
    (notice,) = _notices(result)
    assert (notice.lead.indicator, notice.lead.evidence.rule) == (
        "missing-person-incidents",
        "provisional",
    )
    assert [f for f in result.findings if f.kind != "data-quality"] == []
