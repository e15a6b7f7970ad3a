"""An analyst's classification breaks file: ``indicator,month,reason``, as the built-in
breaks.csv. A break starts a new baseline at its month (a counting-rule change is not a rise).
Loading a file replaces the one loaded before; the built-in breaks stay."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlite_utils import Database

from months import normalise_month
from storage.catalogue import ClassificationBreak, Indicator
from storage.csv_rows import DataRows
from storage.errors import IngestError, InputProblem, decode_text
from storage.month_window import MonthWindow

HEADER = ("indicator", "month", "reason")


@dataclass(frozen=True)
class BreaksFile:
    path: str
    breaks: tuple[ClassificationBreak, ...]

    def summary(self) -> str:
        return f"Loaded {len(self.breaks)} classification breaks from {self.path}"


def read_breaks_file(
    data: bytes, path: str, catalogue: dict[str, Indicator], window: MonthWindow | None = None
) -> BreaksFile:
    """The file's breaks, for indicators of ``catalogue`` and months of ``window``; raises
    IngestError naming every problem's line and column."""
    text = decode_text(data, path, "a classification breaks CSV")
    if isinstance(text, InputProblem):
        raise IngestError([text])
    found, problems = parse_breaks_csv(text, path, catalogue, window)
    if problems:
        raise IngestError(problems)
    return found


def parse_breaks_csv(
    text: str, path: str, catalogue: dict[str, Indicator], window: MonthWindow | None = None
) -> tuple[BreaksFile, list[InputProblem]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    if header != list(HEADER):
        said = f"header is {','.join(header)!r}" if header else "the file is empty"
        return BreaksFile(path, ()), [
            InputProblem(path, f"{said}; expected {','.join(HEADER)}", line=1)
        ]
    breaks: list[ClassificationBreak] = []
    rows = DataRows(reader, path, len(HEADER))
    problem = rows.problem
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        indicator, month_text, reason = row
        month = normalise_month(month_text)
        if indicator not in catalogue:
            problem(
                f"unknown indicator {indicator!r}; expected a slug from `scrutiny indicators`",
                "indicator",
            )
        elif month is None:
            problem(f"month is {month_text!r}; expected YYYY-MM", "month")
        elif window is not None and month not in window:
            problem(f"month is {month}; expected {window.expected()}", "month")
        elif not reason:
            problem("reason is empty; expected what changed in the counting", "reason")
        elif (indicator, month) in seen:
            problem(
                f"duplicate of line {seen[(indicator, month)]} ({indicator}, {month}); "
                "expected one break per indicator and month"
            )
        else:
            seen[(indicator, month)] = rows.line
            breaks.append(ClassificationBreak(indicator, month, reason))
    return BreaksFile(path, tuple(breaks)), rows.problems


def store_breaks_file(db: Database, file: BreaksFile) -> None:
    """Replace the loaded breaks file with ``file`` (inside the caller's transaction)."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    db.execute("DELETE FROM break_definitions")
    db.table("break_definitions").insert_all(
        {
            "indicator": b.indicator,
            "month": b.month,
            "reason": b.reason,
            "path": file.path,
            "loaded_at": now,
        }
        for b in file.breaks
    )
