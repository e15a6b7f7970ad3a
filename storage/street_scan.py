"""Many street-level files on disk counted in one DuckDB scan, using both cores.

An accelerator, never the authority: a file is counted here only when its header is exactly
data.police.uk's and everything the row-by-row checks of storage/police_uk.py would look at
(one month, the one named by the file; one force; known crime types; coordinates in range)
holds in the aggregates. Any file that does not pass, and every file of a batch that DuckDB
cannot read, is left to ``parse_street_csv``, which finds the exact line and column. Counts are
the same as that path's: the same LSOA-code pattern (RE2 in both) and the same whitespace trim.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storage.catalogue import crime_type_slugs
from storage.police_uk import HEADER, LSOA_CODE, StreetFile, trimmed_districts

BATCH_FILES = 48  # a batch DuckDB cannot read falls back whole: keep the loss small
HASH_CHUNK = 1 << 20
_HEADER_LINES = {(",".join(HEADER) + end).encode() for end in ("\n", "\r\n")}
_BOUNDS = {"Longitude": 180.0, "Latitude": 90.0}


@dataclass(frozen=True)
class Candidate:
    label: str
    path: Path
    force: str
    month: str


def has_plain_header(path: Path) -> bool:
    """True when the file's first line is data.police.uk's header, byte for byte."""
    with path.open("rb") as stream:
        return stream.readline(4096) in _HEADER_LINES


def scan_street_files(candidates: list[Candidate]) -> Iterator[tuple[str, StreetFile | None]]:
    """(label, counts) for each candidate, in batches; None: leave the file to the exact path."""
    import duckdb  # here: a light command never pays for it

    connection = duckdb.connect(config={"threads": 2})
    with ThreadPoolExecutor(2) as hashers:  # hashlib releases the GIL: hashing runs alongside
        for start in range(0, len(candidates), BATCH_FILES):
            batch = candidates[start : start + BATCH_FILES]
            digests = hashers.map(_sha256, [c.path for c in batch])
            try:
                counted = _count_batch(connection, batch)
            except duckdb.Error:
                counted = {}
            for candidate, digest in zip(batch, digests, strict=True):
                found = counted.get(str(candidate.path))
                yield (
                    candidate.label,
                    (None if found is None else _street_file(candidate, digest, found)),
                )
    connection.close()


@dataclass
class _Tally:
    months: set[str | None]
    forces: set[str | None]
    crime_types: set[str | None]
    rows: int
    in_range: bool
    counts: dict[tuple[str, str | None], int]


def _count_batch(connection: Any, batch: list[Candidate]) -> dict[str, _Tally]:
    columns = {name: "DOUBLE" if name in _BOUNDS else "VARCHAR" for name in HEADER}
    result = connection.execute(
        """
        SELECT filename, "Month", "Falls within",
               regexp_replace(coalesce("LSOA name", ''), $pattern, '') AS district,
               "Crime type", count(*) AS n,
               max(abs("Longitude")) AS longitude, max(abs("Latitude")) AS latitude
        FROM read_csv($files, header = true, columns = $columns, auto_detect = false,
                      delim = ',', quote = '"', escape = '"', strict_mode = true,
                      null_padding = false, filename = true)
        GROUP BY ALL
        """,
        {"files": [str(c.path) for c in batch], "columns": columns, "pattern": LSOA_CODE},
    ).fetchall()
    return _tallies(result)


def _tallies(result: Iterable[tuple[Any, ...]]) -> dict[str, _Tally]:
    tallies: dict[str, _Tally] = {}
    for filename, month, force, district, crime_type, n, longitude, latitude in result:
        tally = tallies.setdefault(filename, _Tally(set(), set(), set(), 0, True, {}))
        tally.months.add(month)
        tally.forces.add(force)
        tally.crime_types.add(crime_type)
        tally.rows += n
        tally.in_range &= _within(longitude, _BOUNDS["Longitude"]) and _within(
            latitude, _BOUNDS["Latitude"]
        )
        key = (district, crime_type)
        tally.counts[key] = tally.counts.get(key, 0) + n
    return tallies


def _within(extreme: float | None, bound: float) -> bool:
    return extreme is None or (math.isfinite(extreme) and extreme <= bound)  # NaN fails too


def _street_file(candidate: Candidate, sha256: str, tally: _Tally) -> StreetFile | None:
    slugs = crime_type_slugs()
    forces = {f or "" for f in tally.forces}
    text = [*forces, *(k[0] for k in tally.counts), *(t or "" for t in tally.crime_types)]
    if (
        tally.months != {candidate.month}
        or len(forces) != 1
        or not tally.crime_types <= slugs.keys()
        or not tally.in_range
        or tally.rows == 0
        or any("\x00" in value for value in text)
    ):
        return None
    districts = trimmed_districts(sorted({district for district, _ in tally.counts}))
    counts: dict[tuple[str, str], int] = {}
    for (district, crime_type), n in tally.counts.items():
        key = (districts[district], slugs[str(crime_type)])
        counts[key] = counts.get(key, 0) + n
    (force_name,) = forces
    return StreetFile(
        path=candidate.label,
        force=candidate.force,
        force_name=force_name or candidate.force,
        month=candidate.month,
        rows=tally.rows,
        sha256=sha256,
        counts=counts,
    )


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
