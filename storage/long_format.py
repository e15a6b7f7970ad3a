"""Parse the long-format indicator CSV: ``month,indicator,area,value[,denominator][,status]``.

It carries what data.police.uk does not: missing-person incidents, KSI casualties, survey
satisfaction (value = satisfied respondents, denominator = respondents), officer numbers.
``status`` says whether the source still calls a figure ``provisional`` (the latest month,
often) or ``final`` (the default, when the column is absent or blank).
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from typing import Literal

from months import normalise_month
from storage.areas import slugify
from storage.catalogue import Indicator
from storage.csv_rows import DataRows
from storage.errors import InputProblem
from storage.month_window import MonthWindow

HEADER = ("month", "indicator", "area", "value")
OPTIONAL = ("denominator", "status")  # after the four, in any order
LAYOUT = "month,indicator,area,value[,denominator][,status]"
Status = Literal["final", "provisional"]
STATUSES: tuple[Status, ...] = ("final", "provisional")


@dataclass(frozen=True)
class Measure:
    month: str
    indicator: str
    area: str  # slug
    area_name: str  # as written in the file
    value: float
    denominator: float | None
    path: str = ""  # where it was read, to name it in an error found later
    line: int = 0
    status: Status = "final"


def looks_like_long_format(header: list[str]) -> bool:
    return [h.strip().lower() for h in header[:4]] == list(HEADER)


def parse_long_csv(
    text: str, path: str, catalogue: dict[str, Indicator], window: MonthWindow | None = None
) -> tuple[list[Measure], list[InputProblem]]:
    """Every row, or every problem found (at most MAX_PROBLEMS, storage.csv_rows);
    ``catalogue``: the indicators known, the force's own among them; months outside ``window``
    are problems."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    if not header:
        return [], [
            InputProblem(
                path,
                f"the file is empty; expected the header {LAYOUT}",
            )
        ]
    optional = header[4:]
    if (
        not looks_like_long_format(header)
        or not set(optional) <= set(OPTIONAL)
        or len(set(optional)) != len(optional)
    ):
        return [], [
            InputProblem(
                path,
                f"header is {','.join(header)!r}; expected {LAYOUT} (indicator values) or "
                "local_authority,division (an areas file)",
                line=1,
            )
        ]
    measures: list[Measure] = []
    rows = DataRows(reader, path, len(header))
    problem, problems = rows.problem, rows.problems
    first_seen: dict[tuple[str, str, str], int] = {}
    for row in rows:
        cells = dict(zip(header, row, strict=True))
        month = normalise_month(cells["month"])
        if month is None:
            problem(f"month is {cells['month']!r}; expected YYYY-MM", "month")
            continue
        if window is not None and month not in window:
            problem(f"month is {month}; expected {window.expected()}", "month")
            continue
        indicator = catalogue.get(cells["indicator"])
        if indicator is None:
            problem(
                f"unknown indicator {cells['indicator']!r}; expected a slug from "
                "`scrutiny indicators`",
                "indicator",
            )
            continue
        if indicator.source != "long":
            problem(
                f"indicator {indicator.slug!r} is computed from street-level data; "
                "load data.police.uk files for it instead",
                "indicator",
            )
            continue
        area = slugify(cells["area"])
        if not area:
            problem("area is empty; expected an area name such as the force or a division", "area")
            continue
        value = _number(cells["value"])
        if value is None:
            problem(f"value is {cells['value']!r}; expected a finite number of 0 or more", "value")
            continue
        denominator = None
        if indicator.unit == "proportion":
            denominator = _number(cells.get("denominator", ""))
            if denominator is None or denominator == 0:
                problem(
                    f"{indicator.slug} is a proportion: denominator is "
                    f"{cells.get('denominator', '')!r}; expected the number of "
                    "respondents, above 0",
                    "denominator",
                )
                continue
            if value > denominator:
                problem(
                    f"value {value:g} is above the denominator {denominator:g}; "
                    "expected the count of respondents who said yes",
                    "value",
                )
                continue
        elif cells.get("denominator"):
            problem(f"{indicator.slug} is a count: expected no denominator", "denominator")
            continue
        status = _status(cells.get("status", ""))
        if status is None:
            problem(
                f"status is {cells['status']!r}; expected {' or '.join(STATUSES)} "
                "(or nothing, for final)",
                "status",
            )
            continue
        key = (month, indicator.slug, area)
        if key in first_seen:
            problem(
                f"duplicate of line {first_seen[key]} ({month}, {indicator.slug}, "
                f"{cells['area']}); expected one row per month, indicator and area"
            )
            continue
        first_seen[key] = rows.line
        measures.append(
            Measure(
                month,
                indicator.slug,
                area,
                cells["area"],
                value,
                denominator,
                path=path,
                line=rows.line,
                status=status,
            )
        )
    if not measures and not problems:
        problems.append(InputProblem(path, "the file has a header but no rows", line=1))
    return measures, problems


def _status(text: str) -> Status | None:
    wanted = text.lower() or "final"
    return next((s for s in STATUSES if s == wanted), None)


def _number(text: str) -> float | None:
    try:
        value = float(text.replace(",", "")) if text else None
    except ValueError:
        return None
    if value is None or not math.isfinite(value) or value < 0:
        return None
    return value
