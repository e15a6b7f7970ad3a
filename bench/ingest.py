"""Ingest speed: scrutiny's ingest of the real Lancashire archive against DuckDB aggregating
the same files to monthly counts, in one run. Each measurement runs in a fresh subprocess so
that its peak memory (max RSS) is its own.

The national case (43 forces x 32 months) is bench/national.py's.

    .venv/bin/python bench/ingest.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("SCRUTINY_SHARED_DATA") or ROOT.parent / "shared" / "data")
ZIP = SHARED / "police-uk-street-lancashire-2019-2022" / "lancashire-street-2019-12_2022-10.zip"
sys.path.insert(0, str(ROOT))


def measure_scrutiny(source: str, work: str) -> dict:
    from storage.db import open_db
    from storage.ingest import ingest, list_inputs

    db = open_db(Path(work) / "bench.db")
    start = time.perf_counter()
    report = ingest(db, list_inputs([Path(source)]), now=datetime.now(UTC))
    return {"seconds": time.perf_counter() - start, "rows": report.street_rows}


def measure_duckdb(source: str, work: str) -> dict:
    import duckdb

    con = duckdb.connect()
    start = time.perf_counter()
    rows = con.execute(
        f"""
        SELECT Month, regexp_replace(coalesce("LSOA name", ''), '\\s+\\d{{3}}[A-Z]$', '') AS district,
               "Crime type", count(*) AS n
        FROM read_csv('{source}/*/*-street.csv', header=true, all_varchar=true)
        GROUP BY ALL
        """
    ).fetchall()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "rows": sum(r[3] for r in rows)}


MEASURES = {"scrutiny": measure_scrutiny, "duckdb": measure_duckdb}


def peak_mb() -> float:
    """This process's peak resident size, plus, for the worker processes an ingest starts
    (its children), the largest worker's times the workers: an upper bound, since they may
    peak at different times."""
    from storage.ingest import IngestRules

    largest_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    workers = IngestRules().readers() if largest_child else 0
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + workers * largest_child) / 1024


def child(name: str, source: str, work: str) -> None:
    result = MEASURES[name](source, work)
    result["max_rss_mb"] = peak_mb()
    print(json.dumps(result))


def run(name: str, source: Path, work: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", name, str(source), str(work)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    if not ZIP.exists():
        sys.exit(f"the real data is not here: {ZIP}")
    with tempfile.TemporaryDirectory() as tmp:
        extracted = Path(tmp) / "extracted"
        with zipfile.ZipFile(ZIP) as archive:
            archive.extractall(extracted)
        title = f"Lancashire street-level archive, {ZIP.stat().st_size / 1e6:.0f} MB zipped"
        cases = [
            ("scrutiny", "scrutiny ingest, from the zip", ZIP),
            ("scrutiny", "scrutiny ingest, extracted files", extracted),
        ]
        cases.append(("duckdb", "DuckDB group-by, extracted files", extracted))
        results = {}
        for _ in range(args.repeat):
            for name, label, source in cases:
                work = Path(tempfile.mkdtemp(dir=tmp))
                results.setdefault(label, []).append(run(name, source, work))
    baseline = statistics.median(r["seconds"] for r in results["DuckDB group-by, extracted files"])
    print(f"{title}, median of {args.repeat} runs")
    print(f"{'case':<36}{'rows':>12}{'seconds':>10}{'x DuckDB':>10}{'peak MB':>10}")
    for label, runs in results.items():
        seconds = statistics.median(r["seconds"] for r in runs)
        print(
            f"{label:<36}{runs[0]['rows']:>12,}{seconds:>10.2f}{seconds / baseline:>10.2f}"
            f"{max(r['max_rss_mb'] for r in runs):>10.0f}"
        )


if __name__ == "__main__":
    main()
