"""Find the input files in what a user points at: files, folder trees and zip archives.

Each input is opened one at a time, so an archive of every force (gigabytes) is never held
in memory: only the one member being read.
"""

from __future__ import annotations

import threading
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from storage.areas import AREAS_HEADER
from storage.errors import InputProblem
from storage.long_format import HEADER as LONG_HEADER
from storage.national_inputs import NationalKind, header_kind

Kind = Literal["street", "long", "areas", "skipped"] | NationalKind
# data.police.uk archives also hold outcomes and stop-and-search files: not crime counts.
_SKIPPED_SUFFIXES = ("-outcomes.csv", "-stop-and-search.csv")


@dataclass(frozen=True)
class Input:
    label: str  # shown to the user: a path, or "archive.zip:member"
    size: int  # bytes, for the progress bar
    archive: Path | None
    member: str | None
    path: Path | None


class UnreadableInput(Exception):
    def __init__(self, problem: InputProblem):
        self.problem = problem
        super().__init__(str(problem))


def discover(paths: list[Path]) -> Iterator[Input]:
    """Every CSV under the given paths, in a stable order; raises UnreadableInput."""
    for path in paths:
        if not path.exists():
            raise UnreadableInput(InputProblem(str(path), "no such file or folder"))
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in (".csv", ".zip"):
                    yield from discover([child])
        elif zipfile.is_zipfile(path):
            yield from _members(path)
        elif path.suffix.lower() == ".zip":
            raise UnreadableInput(
                InputProblem(str(path), "not a readable zip archive (truncated or damaged?)")
            )
        else:
            yield Input(str(path), path.stat().st_size, None, None, path)


def _members(archive: Path) -> Iterator[Input]:
    try:
        with zipfile.ZipFile(archive) as opened:
            infos = [
                i
                for i in opened.infolist()
                if not i.is_dir()
                and i.filename.lower().endswith(".csv")
                and not i.filename.startswith("__MACOSX/")
            ]
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnreadableInput(
            InputProblem(str(archive), f"not a readable zip archive: {exc}")
        ) from None
    for info in sorted(infos, key=lambda i: i.filename):
        yield Input(f"{archive}:{info.filename}", info.file_size, archive, info.filename, None)


class InputReader:
    """Reads inputs one at a time, keeping each archive open while its members are read."""

    def __init__(self) -> None:
        self._archives: dict[Path, zipfile.ZipFile] = {}
        self._lock = threading.Lock()  # workers share one handle per archive (zipfile allows it)

    def __enter__(self) -> InputReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        for archive in self._archives.values():
            archive.close()
        self._archives.clear()

    def read(self, item: Input) -> bytes:
        """The bytes of one input; a damaged archive member becomes an UnreadableInput."""
        try:
            if item.path is not None:
                return item.path.read_bytes()
            assert item.archive is not None and item.member is not None
            with self._lock:
                if item.archive not in self._archives:
                    self._archives[item.archive] = zipfile.ZipFile(item.archive)
                archive = self._archives[item.archive]
            return archive.read(item.member)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise UnreadableInput(InputProblem(item.label, f"cannot be read: {exc}")) from None


def classify(label: str, head: bytes) -> Kind:
    """What an input is, from its name and its header line."""
    name = label.lower()
    if name.endswith(_SKIPPED_SUFFIXES):
        return "skipped"
    if name.endswith("-street.csv"):
        return "street"
    first = head.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace").strip().lower()
    if first.startswith(",".join(LONG_HEADER)):
        return "long"
    if first.replace(" ", "") == ",".join(AREAS_HEADER):
        return "areas"
    if first.startswith("crime id,month,"):
        return "street"
    if national := header_kind(first):
        return national
    return "long"  # the general format: its parser names what is wrong with the header
