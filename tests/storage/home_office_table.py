"""The Home Office force-area table for tests: the slice in tests/fixtures (every clone) and the
whole table in ../shared/data, read with the csv module alone, and figures summed from it
independently of the code under test."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.conftest import SHARED_DATA

SLICE = Path(__file__).resolve().parents[1] / "fixtures" / "home-office-pfa-slice.zip"
NATIONAL = Path(__file__).resolve().parents[1] / "fixtures" / "home-office-pfa-june-2016-2017.zip"
REAL = SHARED_DATA / "home-office-rec-crime-pfa-2003-2018" / "rec-crime-pfa.csv"
HEADER = "12 months ending,PFA,Region,Offence,Rolling year total number of offences"
NOT_FORCE_AREAS = {"British Transport Police", "Action Fraud", "CIFAS", "UK Finance"}


def read_rows(path: Path) -> list[dict[str, str]]:
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as archive:
            text = archive.read(archive.namelist()[0]).decode("utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def all_crime(offence: str) -> bool:
    return offence != "Fraud offences"


def burglary(offence: str) -> bool:
    return offence.endswith("burglary")  # domestic, non-domestic, residential, non-residential


def totals(
    rows: list[dict[str, str]], period: str, wanted: Callable[[str], bool]
) -> dict[str, int]:
    """PFA -> the sum of the wanted offence groups in the 12 months ending ``period``, as
    written (``30-06-2017``), for the police force areas only."""
    out: dict[str, int] = {}
    for row in rows:
        if (
            row["12 months ending"] == period
            and row["PFA"] not in NOT_FORCE_AREAS
            and wanted(row["Offence"])
        ):
            pfa = row["PFA"]
            out[pfa] = out.get(pfa, 0) + int(row["Rolling year total number of offences"])
    return out


def regions(rows: list[dict[str, str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for row in rows:
        if row["PFA"] not in NOT_FORCE_AREAS:
            out.setdefault(row["Region"], set()).add(row["PFA"])
    return out
