"""Ingest: every input checked and stored in one transaction, street files as they are read.

All or nothing: if any file is bad, the database is left exactly as it was and the error
names every bad file with its line and column. Re-ingesting a force's month replaces it; when
its counts change, the revision is recorded (storage.revisions).
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from multiprocessing import get_context
from pathlib import Path

from sqlite_utils import Database

from storage.areas import (
    area_warnings,
    link_divisions_to_forces,
    parse_areas_csv,
    slugify,
    store_areas,
)
from storage.breaks_file import BreaksFile, store_breaks_file
from storage.catalogue import Indicator, indicators
from storage.errors import IngestError, InputProblem, decode_text
from storage.indicator_file import IndicatorFile, store_indicator_file
from storage.long_format import Measure, parse_long_csv
from storage.month_window import MonthWindows
from storage.national_inputs import KINDS as NATIONAL_KINDS
from storage.national_inputs import NationalInputs, parse_national
from storage.police_uk import BadStreetFile, StreetFile, parse_street_csv
from storage.revisions import record_if_revised
from storage.sources import (
    Input,
    InputReader,
    ReadLimits,
    UnreadableInput,
    check_declared_size,
    check_table_size,
    classify,
    discover,
)
from storage.transactions import writing

MAX_REPORTED_PROBLEMS = 50
# A force's files carry a few crimes in LSOAs of other forces (Lancashire: Wigan, Sefton, ...).
# They count at force level, but become areas of their own only with this share of a file's
# rows (or when an areas file names them): Lancashire's smallest district has 1.7%, Wigan 0.03%.
MIN_DISTRICT_SHARE = 0.005
# What one reader of street files costs at most: a worker process's libraries (about 120 MB)
# and a block of the file with its parsed columns and the CSV reader's read-ahead (about 120
# MB at worst, measured with 2 MiB blocks). The number read at once follows from it.
MEMORY_PER_READER = 256 << 20
INGEST_CACHE_KIB = 64 << 10  # SQLite's page cache while an ingest writes (64 MiB)


@dataclass(frozen=True)
class IngestRules:
    """The limits an ingest checks its input against (from the settings)."""

    months_ahead: int = 0  # months after the current one that a figure may be for
    read_limits: ReadLimits = field(default_factory=ReadLimits)
    memory_budget: int = 512 << 20  # bytes for the files being read at once
    # From this much street-level input, worker processes parse it (they cost a second to
    # start, and pay off on a national archive, not on a month of one force).
    processes_from_bytes: int = 256 << 20

    def readers(self) -> int:
        by_memory = max(1, self.memory_budget // MEMORY_PER_READER)
        return min(os.cpu_count() or 1, by_memory)


@dataclass
class IngestReport:
    street_files: list[StreetFile] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    area_pairs: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    national: NationalInputs = field(default_factory=NationalInputs)
    warnings: list[str] = field(default_factory=list)  # stored, but worth a second look

    @property
    def is_empty(self) -> bool:
        """Nothing was found to store (skipped files aside)."""
        return not (
            self.street_files or self.measures or self.area_pairs or self.national.summary_parts()
        )

    @property
    def street_rows(self) -> int:
        return sum(f.rows for f in self.street_files)

    def summary(self) -> str:
        parts = []
        if self.street_files:
            months = sorted({f.month for f in self.street_files})
            forces = sorted({f.force for f in self.street_files})
            parts.append(
                f"{len(self.street_files)} street-level files ({self.street_rows:,} rows; "
                f"{', '.join(forces)}; {months[0]} to {months[-1]})"
            )
        if self.measures:
            parts.append(f"{len(self.measures):,} long-format values")
        if self.area_pairs:
            parts.append(
                f"{len(self.area_pairs)} districts in "
                f"{len({d for _, d in self.area_pairs})} divisions"
            )
        parts.extend(self.national.summary_parts())
        if self.skipped:
            parts.append(f"{len(self.skipped)} files skipped (outcomes, stop and search)")
        return "Ingested " + "; ".join(parts) if parts else "Nothing to ingest"


def list_inputs(paths: list[Path], areas_file: Path | None = None) -> list[Input]:
    try:
        return [*discover(paths), *(discover([areas_file]) if areas_file else [])]
    except UnreadableInput as exc:
        raise IngestError([exc.problem]) from None


def ingest(
    db: Database,
    inputs: list[Input],
    *,
    now: datetime,
    rules: IngestRules = IngestRules(),
    progress: Callable[[int], None] = lambda n_bytes: None,
    indicator_file: IndicatorFile | None = None,
    breaks_file: BreaksFile | None = None,
) -> IngestReport:
    """Parse, check and store every input in one transaction, kept only if every input
    passed (raises IngestError, and nothing is stored, otherwise). The transaction holds the
    write lock while the files are read: other writers wait (up to the 30 s busy timeout; a
    national archive takes about 9 s).
    ``indicator_file``, ``breaks_file``: the analyst's indicators and classification breaks,
    loaded with the data (which may use them). ``now`` is the time of the ingest: its month,
    plus ``rules.months_ahead``, is the latest a figure may be for, and it stamps the files
    stored."""
    catalogue = indicator_file.catalogue() if indicator_file else indicators(db)
    windows = MonthWindows.at(now, rules.months_ahead)
    # Street files are written as they are parsed, while the workers read the next ones, in
    # one transaction that the first problem dooms: nothing is kept unless every input passed.
    with writing(db), _page_cache(db, INGEST_CACHE_KIB):
        streets = _StreetWriter(db, now)
        report, problems = _parse_all(inputs, windows, rules, progress, catalogue, streets)
        if problems:
            raise IngestError(problems[:MAX_REPORTED_PROBLEMS])
        if indicator_file:
            store_indicator_file(db, indicator_file)
        if breaks_file:
            store_breaks_file(db, breaks_file)
        _store(db, report, streets)
        report.warnings.extend(area_warnings(db))
    return report


@contextmanager
def _page_cache(db: Database, kib: int) -> Iterator[None]:
    """SQLite's page cache for this connection raised to ``kib`` while it lasts: the street
    counts' three indexes outgrow the default 2 MB on a national archive (its writes took
    a fifth longer)."""
    (before,) = db.execute("PRAGMA cache_size").fetchone()
    db.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size = {int(before)}")


def _parse_all(
    inputs: list[Input],
    windows: MonthWindows,
    rules: IngestRules,
    progress: Callable[[int], None],
    catalogue: dict[str, Indicator],
    streets: _StreetWriter,
) -> tuple[IngestReport, list[InputProblem]]:
    """Every input parsed and checked; each street file written by ``streets`` as it comes,
    until a problem is found (the rest are still checked, to report every problem)."""
    report = IngestReport()
    problems: list[InputProblem] = []
    seen_months: dict[tuple[str, str], str] = {}
    with _parallel_parse(inputs, windows, rules, catalogue) as parsed_inputs:
        for item, parsed in zip(inputs, parsed_inputs, strict=True):
            progress(item.size)
            if isinstance(parsed, InputProblem):
                problems.append(parsed)
            elif isinstance(parsed, Tallied):
                street = parsed.file
                key = (street.force, street.month)
                if key in seen_months:
                    problems.append(
                        InputProblem(
                            item.label,
                            f"{street.force} {street.month} is also in {seen_months[key]}",
                        )
                    )
                    continue
                seen_months[key] = item.label
                report.street_files.append(street)
                if not problems:
                    streets.write(parsed)
            elif parsed is None:
                report.skipped.append(item.label)
            else:
                kind, rows, found = parsed
                problems.extend(found)
                if kind == "areas":
                    report.area_pairs.extend(rows)  # type: ignore[arg-type]
                elif kind in NATIONAL_KINDS:
                    problems.extend(report.national.add(rows))
                else:
                    report.measures.extend(rows)  # type: ignore[arg-type]
    return report, problems


@dataclass(frozen=True)
class Tallied:
    """A street file with its counts as they are stored, worked out where it was read (in a
    worker process, off the path of the process that writes them)."""

    file: StreetFile
    # (district slug, indicator) -> count: two names of one slug ("St. Helens", "St Helens")
    # add up.
    by_slug: dict[tuple[str, str], int]
    districts: dict[str, tuple[str, int]]  # district name -> (its slug, its rows)

    @classmethod
    def of(cls, street: StreetFile) -> Tallied:
        by_slug: dict[tuple[str, str], int] = {}
        districts: dict[str, tuple[str, int]] = {}
        slug_of = {district: slugify(district) for district in {d for d, _ in street.counts}}
        for (district, indicator), count in street.counts.items():
            slug = slug_of[district]
            by_slug[(slug, indicator)] = by_slug.get((slug, indicator), 0) + count
            districts[district] = (slug, districts.get(district, (slug, 0))[1] + count)
        return cls(street, dict(sorted(by_slug.items())), districts)


Parsed = Tallied | InputProblem | tuple[str, list[object], list[InputProblem]] | None


@contextmanager
def _parallel_parse(
    inputs: list[Input],
    windows: MonthWindows,
    rules: IngestRules,
    catalogue: dict[str, Indicator],
) -> Iterator[Iterator[Parsed]]:
    """Every input parsed, in order, by as many readers at once as memory allows. Many large
    street files are parsed in worker processes (the per-block work holds the GIL often
    enough that threads share one core); a few small ones in threads of this process."""
    workers = rules.readers()
    street_bytes = sum(i.size for i in inputs if classify(i.label, b"") == "street")
    limits = rules.read_limits
    if workers > 1 and len(inputs) > 1 and street_bytes >= rules.processes_from_bytes:
        with ProcessPoolExecutor(
            workers, mp_context=get_context("spawn"), initializer=_start_worker
        ) as processes:
            yield processes.map(
                partial(_parse_in_worker, catalogue, windows=windows, limits=limits),
                inputs,
                chunksize=4,
            )
    else:
        with InputReader() as reader, ThreadPoolExecutor(workers) as threads:
            yield threads.map(
                partial(_parse_one, reader, catalogue, windows=windows, limits=limits), inputs
            )


_WORKER_READER: list[InputReader] = []  # a worker process's own reader (archives kept open)


def _start_worker() -> None:
    _WORKER_READER.append(InputReader())


def _parse_in_worker(
    catalogue: dict[str, Indicator], item: Input, *, windows: MonthWindows, limits: ReadLimits
) -> Parsed:
    return _parse_one(_WORKER_READER[0], catalogue, item, windows=windows, limits=limits)


def _parse_one(
    reader: InputReader,
    catalogue: dict[str, Indicator],
    item: Input,
    *,
    windows: MonthWindows,
    limits: ReadLimits,
) -> Parsed:
    """One input parsed: street counts, a problem, long/areas rows, or None when skipped."""
    kind = classify(item.label, b"")
    if kind == "skipped":
        return None
    try:
        if problem := check_declared_size(item, limits):
            return problem
        if kind != "street":  # by its header, then: street-shaped files stream whatever their name
            kind = classify(item.label, reader.head(item))
        if kind == "street":
            return Tallied.of(
                parse_street_csv(partial(reader.open, item), item.label, windows.street)
            )
        if problem := check_table_size(item, limits):
            return problem
        data = reader.read(item, limits.max_table_bytes)
    except UnreadableInput as exc:
        return exc.problem
    except BadStreetFile as exc:
        return exc.problem
    text = decode_text(data, item.label, "a CSV file")
    if isinstance(text, InputProblem):
        return text
    if kind == "areas":
        pairs, found = parse_areas_csv(text, item.label)
        return kind, list(pairs), found
    if kind in NATIONAL_KINDS:
        return kind, *parse_national(
            kind, io.StringIO(text, newline=""), item.label, windows.published
        )
    measures, found = parse_long_csv(text, item.label, catalogue, windows.published)
    return kind, list(measures), found


class _StreetWriter:
    """Writes street files into the ingest's transaction one by one, and remembers the areas
    they bring (a new force, districts with enough of its rows) to add once the areas file,
    which names the districts it knows, is stored."""

    def __init__(self, db: Database, now: datetime):
        self.db = db
        self.stamp = now.isoformat(timespec="seconds")
        self.known = {row["slug"] for row in db.query("SELECT slug FROM areas")}
        self.new_areas: dict[str, dict[str, object]] = {}

    def write(self, tallied: Tallied) -> None:
        db, known, new_areas, street = self.db, self.known, self.new_areas, tallied.file
        if street.force not in known:
            force_name = street.force_name.removesuffix(" Constabulary").removesuffix(" Police")
            new_areas[street.force] = {
                "slug": street.force,
                "name": force_name,
                "kind": "force",
                "parent": None,
            }
        record_if_revised(
            db,
            force=street.force,
            month=street.month,
            path=street.path,
            digest=street.digest,
            rows=street.rows,
            counts=tallied.by_slug,
            at=self.stamp,
        )
        db.execute(
            "DELETE FROM street_counts WHERE force = ? AND month = ?", [street.force, street.month]
        )
        for district, (slug, count) in tallied.districts.items():
            if (
                slug
                and slug not in known
                and slug not in new_areas
                and count >= MIN_DISTRICT_SHARE * street.rows
            ):
                new_areas[slug] = {
                    "slug": slug,
                    "name": district,
                    "kind": "district",
                    "parent": street.force,
                }
        # Plain executemany: a national archive stores half a million of these rows.
        db.conn.executemany(
            "INSERT INTO street_counts (force, month, district, indicator, count) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                (street.force, street.month, slug, indicator, count)
                for (slug, indicator), count in tallied.by_slug.items()
            ],
        )
        db.conn.execute(
            "INSERT OR REPLACE INTO street_files (force, month, path, digest, rows, ingested_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [street.force, street.month, street.path, street.digest, street.rows, self.stamp],
        )


def _store(db: Database, report: IngestReport, streets: _StreetWriter) -> None:
    """What is stored once every input passed: areas and national tables (before the areas
    street files brought, so that the areas file's names and divisions win), long-format
    figures, and each division's force."""
    if report.area_pairs:
        store_areas(db, report.area_pairs)
    report.national.store(db)
    known, new_areas = streets.known, streets.new_areas
    measure_areas = _resolve_measure_areas(db, report.measures, known, new_areas)
    if new_areas:
        db.table("areas").insert_all(new_areas.values(), pk="slug", ignore=True)
    if report.measures:
        db.table("measures").upsert_all(
            [
                {
                    "indicator": m.indicator,
                    "area": area,
                    "month": m.month,
                    "value": m.value,
                    "denominator": m.denominator,
                    "source": "long-format",
                    "status": m.status,
                }
                for m, area in zip(report.measures, measure_areas, strict=True)
            ],
            pk=("indicator", "area", "month"),
        )
    if report.street_files or report.area_pairs:
        link_divisions_to_forces(db)


def _resolve_measure_areas(
    db: Database,
    measures: list[Measure],
    known: set[str],
    new_areas: dict[str, dict[str, object]],
) -> list[str]:
    """Each measure's area slug: an existing area by slug or by its display name ("South
    Division" is the division ``south``), else a new area of its own (added to ``new_areas``).
    Two rows that turn out to mean one area, month and indicator are refused."""
    by_name = {slugify(r["name"]): r["slug"] for r in db.query("SELECT slug, name FROM areas")}
    by_name.update({slugify(str(a["name"])): slug for slug, a in new_areas.items()})
    areas: list[str] = []
    first: dict[tuple[str, str, str], Measure] = {}
    clashes: list[InputProblem] = []
    for measure in measures:
        area = measure.area
        if area not in known and area not in new_areas:
            area = by_name.get(area, area)
        if area not in known and area not in new_areas:
            new_areas[area] = {
                "slug": area,
                "name": measure.area_name,
                "kind": "other",
                "parent": None,
            }
        key = (measure.indicator, area, measure.month)
        if key in first and len(clashes) < MAX_REPORTED_PROBLEMS:
            clashes.append(
                InputProblem(
                    measure.path,
                    f"{measure.area_name!r} is the area {first[key].area_name!r} of "
                    f"{first[key].path}, line {first[key].line}: {measure.indicator} "
                    f"{measure.month} is given twice",
                    line=measure.line,
                    column="area",
                )
            )
        first.setdefault(key, measure)
        areas.append(area)
    if clashes:
        raise IngestError(clashes)  # inside the transaction: nothing is stored
    return areas
