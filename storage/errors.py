"""Errors that name the file, line and column of bad input, so an analyst can fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InputProblem:
    """One thing wrong with one input file."""

    path: str  # the file, or "archive.zip:member.csv" inside an archive
    message: str  # what is wrong and what was expected
    line: int | None = None  # 1-based physical line in the file
    column: str | None = None  # column name (or 1-based number when the header is unusable)

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f", line {self.line}"
        if self.column is not None:
            where += (
                f", column {self.column!r}"
                if not self.column.isdigit()
                else f", column {self.column}"
            )
        return f"{where}: {self.message}"


def decode_text(data: bytes, path: str, expected: str) -> str | InputProblem:
    """The file as text, or the problem that stops it being read as CSV (``expected``: what it
    should have been, for the message)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return InputProblem(
            path,
            f"not UTF-8 text (binary data or another encoding); expected {expected}",
            line=data[: exc.start].count(b"\n") + 1,
        )
    if "\x00" in text:
        return InputProblem(
            path,
            "contains NUL bytes: binary data, not a CSV",
            line=text[: text.index("\x00")].count("\n") + 1,
        )
    return text


class IngestError(Exception):
    """Input was rejected; nothing was stored. Carries every problem found."""

    def __init__(self, problems: list[InputProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class UnknownSlug(LookupError):
    """No indicator or area has this slug. Storage takes exact slugs only: the names people
    type are resolved before they reach it (bot.use_cases.names), so this is a caller's bug."""

    def __init__(self, what: str, slug: str):
        self.what = what
        self.slug = slug
        super().__init__(f"no {what} with the slug {slug!r}")
