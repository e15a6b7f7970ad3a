"""Parse one data.police.uk street-level CSV into counts by district and crime type.

The fast path reads with pyarrow and aggregates at once, so a month of a large force costs
a fraction of a second and never more memory than the one file. When the fast path finds
anything wrong, the file is read again row by row to name the exact line and column.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
import re
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from months import is_month
from storage.catalogue import crime_type_slugs
from storage.errors import InputProblem, decode_text

HEADER = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
)
_NEEDED = ("Month", "Falls within", "LSOA name", "Crime type")
_COORDINATES = {"Longitude": 180.0, "Latitude": 90.0}  # column -> largest absolute value
FILE_NAME = re.compile(r"(?:^|/)(\d{4}-\d{2})-([a-z0-9-]+)-street\.csv$")
# "Preston 001A" -> "Preston": the district is the LSOA name without its trailing code.
_LSOA_CODE = r"\s+\d{3}[A-Z]$"


@dataclass(frozen=True)
class StreetFile:
    path: str
    force: str  # slug from the file name, e.g. "lancashire"
    force_name: str  # "Falls within", e.g. "Lancashire Constabulary"
    month: str
    rows: int
    sha256: str
    counts: dict[tuple[str, str], int]  # (district name or "" for no LSOA, indicator slug) -> n


class BadStreetFile(ValueError):
    def __init__(self, problem: InputProblem):
        self.problem = problem
        super().__init__(str(problem))


def force_and_month_from_name(path: str) -> tuple[str, str] | None:
    match = FILE_NAME.search(path)
    return (match.group(2), match.group(1)) if match else None


def parse_street_csv(data: bytes, path: str) -> StreetFile:
    """Counts of one street-level file; raises BadStreetFile naming line and column."""
    named = force_and_month_from_name(path)
    if named is None or not is_month(named[1]):
        raise BadStreetFile(
            InputProblem(
                path,
                "cannot tell the force and month from the file name; expected "
                "YYYY-MM-<force>-street.csv as data.police.uk publishes it",
            )
        )
    force, month = named
    if not data.strip():
        raise BadStreetFile(
            InputProblem(path, "the file is empty; expected a header line and one line per crime")
        )
    try:
        table = _read_fast(data)
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise BadStreetFile(
            _locate_problem(data, path, month)
            or InputProblem(path, f"the CSV reader rejected the file: {exc}")
        ) from None
    problem = _check_table(table, path, month)
    if problem is not None:
        raise BadStreetFile(_locate_problem(data, path, month) or problem)
    counts = _aggregate(table)
    falls_within = table.column("Falls within")
    force_name = falls_within[0].as_py() if len(falls_within) else force
    return StreetFile(
        path=path,
        force=force,
        force_name=force_name or force,
        month=month,
        rows=table.num_rows,
        sha256=hashlib.sha256(data).hexdigest(),
        counts=counts,
    )


def _read_fast(data: bytes) -> pa.Table:
    header = data[: data.find(b"\n")].decode("utf-8-sig").strip().split(",")
    missing = [c for c in (*_NEEDED, *_COORDINATES) if c not in header]
    if missing:
        raise pa.ArrowInvalid(f"missing columns {missing}")
    return pacsv.read_csv(
        pa.BufferReader(data),
        read_options=pacsv.ReadOptions(use_threads=True, block_size=8 << 20),
        convert_options=pacsv.ConvertOptions(
            include_columns=[*_NEEDED, *_COORDINATES],
            # Dictionary-encoded: these columns repeat a few hundred values over thousands of
            # rows, so checks and the district regex run on the distinct values only.
            column_types={
                **{c: pa.dictionary(pa.int32(), pa.string()) for c in _NEEDED},
                **{c: pa.float64() for c in _COORDINATES},
            },
            strings_can_be_null=False,
            null_values=[""],  # only an empty coordinate is "no location"; "NA" is an error
        ),
    )


def _check_table(table: pa.Table, path: str, month: str) -> InputProblem | None:
    if table.num_rows == 0:
        return InputProblem(path, "the file has a header but no rows")
    if _distinct(table, "Month") != {month}:
        return InputProblem(path, f"a row's Month is not {month}", column="Month")
    for column, bound in _COORDINATES.items():
        values = table.column(column)
        extremes = pc.min_max(values)  # nulls (no coordinates) are skipped, inf is not
        low, high = extremes["min"].as_py(), extremes["max"].as_py()
        if (low is not None and (low < -bound or high > bound)) or pc.any(
            pc.is_nan(values)
        ).as_py():
            return InputProblem(path, f"{column} out of range", column=column)
    if not _distinct(table, "Crime type") <= crime_type_slugs().keys():
        return InputProblem(path, "unknown crime type", column="Crime type")
    return None


def _distinct(table: pa.Table, column: str) -> set[str]:
    return set(table.column(column).unique().to_pylist())


def _aggregate(table: pa.Table) -> dict[tuple[str, str], int]:
    # Count by LSOA first (a few thousand groups), then strip the LSOA codes from those names.
    by_lsoa = table.group_by(["LSOA name", "Crime type"]).aggregate([([], "count_all")])
    lsoas = by_lsoa.column("LSOA name").cast(pa.string())
    districts = pc.utf8_trim_whitespace(
        pc.replace_substring_regex(lsoas, pattern=_LSOA_CODE, replacement="")
    )
    slugs = crime_type_slugs()
    counts: dict[tuple[str, str], int] = {}
    for district, crime_type, count in zip(
        districts.to_pylist(),
        by_lsoa.column("Crime type").cast(pa.string()).to_pylist(),
        by_lsoa.column("count_all").to_pylist(),
        strict=True,
    ):
        key = (district, slugs[crime_type])
        counts[key] = counts.get(key, 0) + count
    return counts


def _locate_problem(data: bytes, path: str, month: str) -> InputProblem | None:
    """The slow path: walk the rows to name the first bad line and column."""
    text = decode_text(data, path, "a data.police.uk CSV")
    if isinstance(text, InputProblem):
        return text
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return InputProblem(path, "the file is empty; expected a header line")
    missing = [c for c in (*_NEEDED, *_COORDINATES) if c not in header]
    if missing:
        return InputProblem(
            path,
            f"the header lacks column(s) {', '.join(missing)}; expected the "
            f"data.police.uk header: {','.join(HEADER)}",
            line=1,
        )
    where = {name: i for i, name in enumerate(header)}
    known = crime_type_slugs()
    rows = 0
    try:
        for row in reader:
            line = reader.line_num
            if len(row) != len(header):
                return InputProblem(
                    path, f"{len(row)} fields where the header has {len(header)}", line=line
                )
            value = row[where["Month"]]
            if value != month:
                expected = (
                    "a month YYYY-MM" if not is_month(value) else f"{month}, as the file name says"
                )
                return InputProblem(
                    path, f"Month is {value!r}; expected {expected}", line=line, column="Month"
                )
            crime_type = row[where["Crime type"]]
            if crime_type not in known:
                return InputProblem(
                    path,
                    f"unknown crime type {crime_type!r}; expected one of "
                    f"{', '.join(sorted(known))}",
                    line=line,
                    column="Crime type",
                )
            for column, bound in _COORDINATES.items():
                problem = _coordinate_problem(row[where[column]], bound)
                if problem:
                    return InputProblem(path, f"{column} {problem}", line=line, column=column)
            rows += 1
    except csv.Error as exc:
        return InputProblem(path, f"not a well-formed CSV: {exc}", line=reader.line_num)
    if rows == 0:
        return InputProblem(path, "the file has a header but no rows", line=1)
    return None


def _coordinate_problem(text: str, bound: float) -> str | None:
    if not text:
        return None  # police.uk leaves coordinates empty for some crimes
    try:
        value = float(text)
    except ValueError:
        return f"is {text!r}; expected a number or nothing"
    if not math.isfinite(value) or abs(value) > bound:
        return f"is {text!r}; expected a finite number between -{bound:g} and {bound:g}"
    return None
