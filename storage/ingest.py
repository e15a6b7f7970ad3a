"""Ingest: validate every input first, then store everything in one transaction.

All or nothing: if any file is bad, the database is left exactly as it was and the error
names every bad file with its line and column. Re-ingesting a force's month replaces it.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from sqlite_utils import Database

from storage.areas import link_divisions_to_forces, parse_areas_csv, slugify, store_areas
from storage.breaks_file import BreaksFile, store_breaks_file
from storage.catalogue import Indicator, indicators
from storage.errors import IngestError, InputProblem, decode_text
from storage.indicator_file import IndicatorFile, store_indicator_file
from storage.long_format import Measure, parse_long_csv
from storage.national_inputs import KINDS as NATIONAL_KINDS
from storage.national_inputs import NationalInputs, parse_national
from storage.police_uk import BadStreetFile, StreetFile, parse_street_csv
from storage.sources import Input, InputReader, UnreadableInput, classify, discover

MAX_REPORTED_PROBLEMS = 50
# A force's files carry a few crimes in LSOAs of other forces (Lancashire: Wigan, Sefton, ...).
# They count at force level, but become areas of their own only with this share of a file's
# rows (or when an areas file names them): Lancashire's smallest district has 1.7%, Wigan 0.03%.
MIN_DISTRICT_SHARE = 0.005


@dataclass
class IngestReport:
    street_files: list[StreetFile] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    area_pairs: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    national: NationalInputs = field(default_factory=NationalInputs)

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
    progress: Callable[[int], None] = lambda n_bytes: None,
    indicator_file: IndicatorFile | None = None,
    breaks_file: BreaksFile | None = None,
) -> IngestReport:
    """Parse and check every input, then store all of it atomically; raises IngestError.
    ``indicator_file``, ``breaks_file``: the analyst's indicators and classification breaks,
    loaded with the data (which may use them)."""
    catalogue = indicator_file.catalogue() if indicator_file else indicators(db)
    report, problems = _parse_all(inputs, progress, catalogue)
    if problems:
        raise IngestError(problems[:MAX_REPORTED_PROBLEMS])
    with db.atomic():
        if indicator_file:
            store_indicator_file(db, indicator_file)
        if breaks_file:
            store_breaks_file(db, breaks_file)
        _store(db, report)
    return report


def _parse_all(
    inputs: list[Input], progress: Callable[[int], None], catalogue: dict[str, Indicator]
) -> tuple[IngestReport, list[InputProblem]]:
    report = IngestReport()
    problems: list[InputProblem] = []
    seen_months: dict[tuple[str, str], str] = {}
    with InputReader() as reader, ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        # Decompression, hashing and CSV parsing release the GIL: files are read in parallel,
        # and each worker holds one file's bytes at most (the results kept are small counts).
        for item, parsed in zip(
            inputs, pool.map(partial(_parse_one, reader, catalogue), inputs), strict=True
        ):
            progress(item.size)
            if isinstance(parsed, InputProblem):
                problems.append(parsed)
            elif isinstance(parsed, StreetFile):
                key = (parsed.force, parsed.month)
                if key in seen_months:
                    problems.append(
                        InputProblem(
                            item.label,
                            f"{parsed.force} {parsed.month} is also in {seen_months[key]}",
                        )
                    )
                    continue
                seen_months[key] = item.label
                report.street_files.append(parsed)
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


def _parse_one(
    reader: InputReader, catalogue: dict[str, Indicator], item: Input
) -> StreetFile | InputProblem | tuple[str, list[object], list[InputProblem]] | None:
    """One input parsed: street counts, a problem, long/areas rows, or None when skipped."""
    try:
        data = reader.read(item)
    except UnreadableInput as exc:
        return exc.problem
    kind = classify(item.label, data[:4096])
    if kind == "skipped":
        return None
    if kind == "street":
        try:
            return parse_street_csv(data, item.label)
        except BadStreetFile as exc:
            return exc.problem
    text = decode_text(data, item.label, "a CSV file")
    if isinstance(text, InputProblem):
        return text
    if kind == "areas":
        pairs, found = parse_areas_csv(text, item.label)
        return kind, list(pairs), found
    if kind in NATIONAL_KINDS:
        return kind, *parse_national(kind, io.StringIO(text, newline=""), item.label)
    measures, found = parse_long_csv(text, item.label, catalogue)
    return kind, list(measures), found


def _store(db: Database, report: IngestReport) -> None:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    if report.area_pairs:
        store_areas(db, report.area_pairs)
    report.national.store(db)
    known = {row["slug"] for row in db.query("SELECT slug FROM areas")}
    new_areas: dict[str, dict[str, object]] = {}
    for street in report.street_files:
        if street.force not in known:
            force_name = street.force_name.removesuffix(" Constabulary").removesuffix(" Police")
            new_areas[street.force] = {
                "slug": street.force,
                "name": force_name,
                "kind": "force",
                "parent": None,
            }
        db.execute(
            "DELETE FROM street_counts WHERE force = ? AND month = ?", [street.force, street.month]
        )
        # Two district names can share a slug ("St. Helens", "St Helens"): their counts add up.
        slug_counts: dict[tuple[str, str], int] = {}
        district_rows: dict[str, int] = {}
        for (district, indicator), count in street.counts.items():
            key = (slugify(district), indicator)
            slug_counts[key] = slug_counts.get(key, 0) + count
            district_rows[district] = district_rows.get(district, 0) + count
        for district, count in district_rows.items():
            slug = slugify(district)
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
        db.table("street_counts").insert_all(
            (
                {
                    "force": street.force,
                    "month": street.month,
                    "district": slug,
                    "indicator": indicator,
                    "count": count,
                }
                for (slug, indicator), count in slug_counts.items()
            ),
            batch_size=1000,
        )
        db.table("street_files").upsert(
            {
                "force": street.force,
                "month": street.month,
                "path": street.path,
                "sha256": street.sha256,
                "rows": street.rows,
                "ingested_at": now,
            },
            pk=("force", "month"),
        )
    for measure in report.measures:
        if measure.area not in known and measure.area not in new_areas:
            new_areas[measure.area] = {
                "slug": measure.area,
                "name": measure.area_name,
                "kind": "other",
                "parent": None,
            }
    if new_areas:
        db.table("areas").insert_all(new_areas.values(), pk="slug", ignore=True)
    if report.measures:
        db.table("measures").upsert_all(
            [
                {
                    "indicator": m.indicator,
                    "area": m.area,
                    "month": m.month,
                    "value": m.value,
                    "denominator": m.denominator,
                    "source": "long-format",
                }
                for m in report.measures
            ],
            pk=("indicator", "area", "month"),
        )
    if report.street_files or report.area_pairs:
        link_divisions_to_forces(db)
