"""Find the input files in what a user points at: files, folder trees and zip archives.

Inputs are opened as streams: an archive of every force (gigabytes) is never held in memory,
nor is any one member of it. An archive member is refused before it is read when its size or
compression ratio is beyond the limits. Those are the sizes its archive declares, and they
hold: zipfile yields no more than the declared size and then checks the CRC, so a member that
understates its size fails as damaged. What an input is comes from its name and its first few
KB; street-level files are streamed; the other inputs (long-format, areas, Home Office and
groups files), parsed in memory, are capped in size, refused unread beyond it.
"""

from __future__ import annotations

import io
import threading
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal

from storage.areas import AREAS_HEADER
from storage.errors import InputProblem
from storage.long_format import HEADER as LONG_HEADER
from storage.national_inputs import NationalKind, header_kind

Kind = Literal["street", "long", "areas", "skipped"] | NationalKind
# data.police.uk archives also hold outcomes and stop-and-search files: not crime counts.
HEAD_BYTES = 4096  # what classify needs of a file: its header line
_SKIPPED_SUFFIXES = ("-outcomes.csv", "-stop-and-search.csv")


@dataclass(frozen=True)
class Input:
    label: str  # shown to the user: a path, or "archive.zip:member"
    size: int  # bytes, for the progress bar
    archive: Path | None
    member: str | None
    path: Path | None
    compressed_size: int = 0  # of an archive member, as its archive declares


@dataclass(frozen=True)
class ReadLimits:
    """What one archive member may expand to, and how large a file read whole may be. Real
    street-level files are tens of MB and deflate about 6 to 1; a zip bomb is a small member
    that expands a thousandfold."""

    max_member_bytes: int = 1 << 30  # uncompressed, per member
    max_compression_ratio: float = 100.0
    # Tiny members compress far beyond any ratio when repetitive, and cannot hurt.
    ratio_applies_above: int = 1 << 20
    # A file read whole and parsed in memory (any input but a street-level file), file or
    # member. A force's long-format extract is a few MB, the national Home Office table 3 MB;
    # parsed, a file takes about 25 times its size (808 MB peak for 32 MB of long-format rows).
    max_table_bytes: int = 32 << 20


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
        yield Input(
            f"{archive}:{info.filename}",
            info.file_size,
            archive,
            info.filename,
            None,
            compressed_size=info.compress_size,
        )


def check_declared_size(item: Input, limits: ReadLimits) -> InputProblem | None:
    """A member that its archive says is beyond the limits: refused before it is read."""
    if item.member is None:
        return None
    if item.size > limits.max_member_bytes:
        return InputProblem(
            item.label,
            f"expands to {item.size:,} bytes, beyond the limit of {limits.max_member_bytes:,} "
            "for one archive member; refused unread (SCRUTINY_MAX_MEMBER_MB sets the limit)",
        )
    ratio = item.size / max(item.compressed_size, 1)
    if item.size > limits.ratio_applies_above and ratio > limits.max_compression_ratio:
        return InputProblem(
            item.label,
            f"compressed {ratio:,.0f} to 1, beyond the limit of "
            f"{limits.max_compression_ratio:g} to 1 (a zip bomb?); refused unread "
            "(SCRUTINY_MAX_COMPRESSION_RATIO sets the limit)",
        )
    return None


TABLE_FILES = "long-format, areas, Home Office and groups files"


def check_table_size(item: Input, limits: ReadLimits) -> InputProblem | None:
    """A file to be read whole that is beyond the limit for one: refused before it is read."""
    if item.size <= limits.max_table_bytes:
        return None
    return InputProblem(
        item.label,
        f"{item.size:,} bytes, beyond the limit of {limits.max_table_bytes:,} for a file read "
        f"whole ({TABLE_FILES}); refused unread (SCRUTINY_MAX_TABLE_MB sets the limit)",
    )


class _NamedStream(io.RawIOBase):
    """An archive member's stream on which damage found mid-read names the member."""

    def __init__(self, raw: IO[bytes], item: Input):
        self._raw = raw
        self._item = item

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:  # a writable buffer (memoryview, bytearray)
        try:
            data = self._raw.read(len(buffer))
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise UnreadableInput(
                InputProblem(self._item.label, f"cannot be read: {exc}")
            ) from None
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()


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

    def open(self, item: Input) -> BinaryIO:
        """A stream of one input's bytes; raises UnreadableInput (also while it is read)."""
        try:
            if item.path is not None:
                return item.path.open("rb")
            assert item.archive is not None and item.member is not None
            with self._lock:
                if item.archive not in self._archives:
                    self._archives[item.archive] = zipfile.ZipFile(item.archive)
                archive = self._archives[item.archive]
            raw = archive.open(item.member)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
            raise UnreadableInput(InputProblem(item.label, f"cannot be read: {exc}")) from None
        return io.BufferedReader(_NamedStream(raw, item), buffer_size=1 << 20)

    def head(self, item: Input) -> bytes:
        """The first HEAD_BYTES of an input: enough to tell what it is, whatever its size."""
        with self.open(item) as stream:
            return stream.read(HEAD_BYTES)

    def read(self, item: Input, limit: int) -> bytes:
        """The whole of one input of at most ``limit`` bytes (a file can be larger than it was
        when listed, or than a device or pipe says): beyond it, refused at the limit."""
        with self.open(item) as stream:
            data = stream.read(limit + 1)
        if len(data) > limit:
            raise UnreadableInput(
                InputProblem(
                    item.label,
                    f"more than {limit:,} bytes, the limit for a file read whole "
                    f"({TABLE_FILES}); refused (SCRUTINY_MAX_TABLE_MB sets the limit)",
                )
            )
        return data


def read_table_file(path: Path, limits: ReadLimits) -> bytes:
    """One file given on its own (an indicators or breaks file), read whole within the limit
    for a file read whole; raises UnreadableInput."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableInput(InputProblem(str(path), f"cannot be read: {exc.strerror}")) from None
    item = Input(str(path), size, None, None, path)
    if problem := check_table_size(item, limits):
        raise UnreadableInput(problem)
    with InputReader() as reader:
        return reader.read(item, limits.max_table_bytes)


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
