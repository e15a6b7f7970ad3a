"""Ingest speed: scrutiny's ingest of the real Lancashire archive against DuckDB aggregating
the same files to monthly counts, in one run. Each measurement runs in a fresh subprocess so
that its peak memory (max RSS) is its own.

With ``--national``, the same for 43 forces x 32 months: every territorial force gets the real
Lancashire months with its own name in "Reported by" and "Falls within" (as data.police.uk names
it: "Kent Police", "Metropolitan Police Service") and its own district names ("Kent Preston
001A"), written as extracted street files under a temporary folder (never the repository;
``--keep DIR`` keeps them for the next run). Acceptance: scrutiny's ingest at
most 1.5x DuckDB's, peak memory under 1 GB.

    .venv/bin/python bench/ingest.py [--repeat 3] [--national [--keep DIR]]
"""

from __future__ import annotations

import argparse
import csv
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
HOME_NAME = b"Lancashire Constabulary"
MAX_RATIO = 1.5
MAX_PEAK_MB = 1000


def territorial_forces() -> list[tuple[str, str, str]]:
    """(slug, Home Office name, data.police.uk name) of each territorial force."""
    with (ROOT / "storage" / "data" / "police_force_areas.csv").open(encoding="utf-8") as f:
        return [
            (r["slug"], r["name"], r["police_uk_name"])
            for r in csv.DictReader(f)
            if r["force_area"] == "true"
        ]


def build_national(folder: Path) -> int:
    """Every territorial force's street files, from the real Lancashire months; their bytes."""
    with (ROOT / "storage" / "data" / "lancashire-areas.csv").open(encoding="utf-8") as f:
        districts = [r["local_authority"].encode() for r in csv.DictReader(f)]
    total = 0
    with zipfile.ZipFile(ZIP) as archive:
        for member in sorted(n for n in archive.namelist() if n.endswith("-street.csv")):
            month = member.split("/")[0]
            text = archive.read(member)
            for district in districts:  # in the LSOA name column, after a comma
                text = text.replace(b"," + district + b" ", b",\x00" + district + b" ")
            for slug, name, published in territorial_forces():
                data = text.replace(b"\x00", name.encode() + b" ")
                data = data.replace(HOME_NAME, published.encode())
                path = folder / month / f"{month}-{slug}-street.csv"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                total += len(data)
    return total


def measure_scrutiny(source: str, work: str) -> dict:
    sys.path.insert(0, str(ROOT))
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


def child(name: str, source: str, work: str) -> None:
    result = MEASURES[name](source, work)
    # The worker processes an ingest starts are this process's children: the largest counts.
    result["max_rss_mb"] = (
        max(
            resource.getrusage(who).ru_maxrss
            for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
        )
        / 1024
    )
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
    parser.add_argument("--national", action="store_true", help="43 forces x 32 months")
    parser.add_argument(
        "--keep", type=Path, help="with --national: build the files here, keep them"
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    if not ZIP.exists():
        sys.exit(f"the real data is not here: {ZIP}")
    with tempfile.TemporaryDirectory() as tmp:
        if args.national:
            extracted = args.keep or Path(tmp) / "national"
            if not extracted.exists():
                start = time.perf_counter()
                size = build_national(extracted)
                print(
                    f"built {size / 1e9:.1f} GB of street files in {time.perf_counter() - start:.0f} s"
                )
            title = f"{len(territorial_forces())} forces x 32 months of street-level files"
            cases = [("scrutiny", "scrutiny ingest, extracted files", extracted)]
        else:
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
    if args.national:
        ours = results["scrutiny ingest, extracted files"]
        ratio = statistics.median(r["seconds"] for r in ours) / baseline
        peak = max(r["max_rss_mb"] for r in ours)
        verdict = "PASS" if ratio <= MAX_RATIO and peak < MAX_PEAK_MB else "FAIL"
        print(f"acceptance: at most {MAX_RATIO}x DuckDB and under {MAX_PEAK_MB} MB peak: {verdict}")


if __name__ == "__main__":
    main()
