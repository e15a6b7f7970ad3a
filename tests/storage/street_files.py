"""Build small data.police.uk street-level files for tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from storage.police_uk import HEADER

FORCE = "Lancashire Constabulary"


def street_row(month: str, crime_type: str, lsoa_name: str = "Preston 001A", **overrides: str):
    row = {
        "Crime ID": "" if crime_type == "Anti-social behaviour" else "abc123",
        "Month": month,
        "Reported by": FORCE,
        "Falls within": FORCE,
        "Longitude": "-2.7",
        "Latitude": "53.76",
        "Location": "On or near Church Street",
        "LSOA code": "E01012345" if lsoa_name else "",
        "LSOA name": lsoa_name,
        "Crime type": crime_type,
        "Last outcome category": "",
        "Context": "",
    }
    row.update(overrides)
    return [row[h] for h in HEADER]


def street_csv(rows: list[list[str]], header=HEADER) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def write_street_file(
    folder: Path, month: str, rows: list[list[str]], force: str = "lancashire"
) -> Path:
    path = folder / month / f"{month}-{force}-street.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(street_csv(rows), encoding="utf-8")
    return path
