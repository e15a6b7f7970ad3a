"""The data rows of an analyst's CSV after its header, with the problems found on the way.

Blank lines (often the last) are passed over; a row of the wrong width and a malformed CSV are
problems naming their line; reading stops at MAX_PROBLEMS, enough to fix a file in one pass
without flooding the terminal.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from storage.errors import InputProblem

MAX_PROBLEMS = 20  # per file


class DataRows:
    """Iterate for the stripped cells of each data row; ``problem`` records one at the current
    line; ``problems`` holds them all."""

    def __init__(self, reader: Any, path: str, width: int):
        self.reader = reader  # a csv.reader already past its header
        self.path = path
        self.width = width
        self.problems: list[InputProblem] = []

    @property
    def line(self) -> int:
        return int(self.reader.line_num)

    def problem(self, message: str, column: str | None = None) -> None:
        self.problems.append(InputProblem(self.path, message, line=self.line, column=column))

    def __iter__(self) -> Iterator[list[str]]:
        try:
            for row in self.reader:
                if len(self.problems) >= MAX_PROBLEMS:
                    return
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != self.width:
                    self.problem(f"{len(row)} fields where the header has {self.width}")
                    continue
                yield [cell.strip() for cell in row]
        except csv.Error as exc:
            self.problem(f"not a well-formed CSV: {exc}")
