"""National scale: 43 forces x 32 months against one force, in one run (run by hand).

Builds street-level files under a folder outside the repository (``--keep DIR`` keeps them for
the next run): every territorial force gets the real Lancashire months of
../shared/data/police-uk-street-lancashire-2019-2022 with its own published name in "Reported
by" and "Falls within" and its own district names ("Kent Preston 001A"), and one areas file
places each force's districts in its own divisions ("Kent Preston" in "Kent South
Division"). Lancashire alone is the one-force case.

Then, for one force and for 43, each step in a fresh subprocess so that its time and memory are
its own:
1. the ingest (``scrutiny ingest`` of the folder: every file checked, counted and stored) and
   DuckDB's aggregation of the same files to monthly counts by district and crime type;
2. the series load of a run (every series, as detection takes them), six monthly runs over
   every series (stored, each building on the one before) and one force's digest, on the
   database the ingest made;
and ``scrutiny --help``, the lightest command. Peak memory is the largest resident size of a
process; for the ingest, which reads files in worker processes, the parent's plus the largest
worker's times the workers (an upper bound: they may peak at different times).

Acceptance: the 43-force ingest at most 1.5x DuckDB with a peak under 1 GB; six runs of 43
forces at most 50x those of one force; ``scrutiny --help`` under a second.

    .venv/bin/python bench/national.py [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.ingest import ZIP, measure_duckdb, measure_scrutiny, peak_mb  # noqa: E402

HOME_NAME = b"Lancashire Constabulary"
HOME = "lancashire"
RUNS = 6  # monthly runs measured: the last six months of the data
MAX_INGEST_RATIO, MAX_PEAK_MB, MAX_RUN_RATIO, MAX_HELP_SECONDS = 1.5, 1000, 50.0, 1.0
DATABASE = "bench.db"  # what bench.ingest.measure_scrutiny makes in its work folder


def territorial_forces() -> list[tuple[str, str, str]]:
    """(slug, Home Office name, data.police.uk name) of each territorial force, Lancashire
    first."""
    with (ROOT / "storage" / "data" / "police_force_areas.csv").open(encoding="utf-8") as f:
        forces = [
            (r["slug"], r["name"], r["police_uk_name"])
            for r in csv.DictReader(f)
            if r["force_area"] == "true"
        ]
    return sorted(forces, key=lambda f: f[0] != HOME)


def build_files(folder: Path, forces: list[tuple[str, str, str]]) -> int:
    """Each force's street files from the real Lancashire months, and one areas file; bytes."""
    with (ROOT / "storage" / "data" / "lancashire-areas.csv").open(encoding="utf-8") as f:
        areas = [(r["local_authority"], r["division"]) for r in csv.DictReader(f)]
    total = 0
    with zipfile.ZipFile(ZIP) as archive:
        for member in sorted(n for n in archive.namelist() if n.endswith("-street.csv")):
            month = member.split("/")[0]
            text = archive.read(member)
            for district, _ in areas:  # in the LSOA name column, after a comma
                name = district.encode()
                text = text.replace(b"," + name + b" ", b",\x00" + name + b" ")
            for slug, name, published in forces:
                data = text.replace(b"\x00", name.encode() + b" ")
                data = data.replace(HOME_NAME, published.encode())
                path = folder / month / f"{month}-{slug}-street.csv"
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                total += len(data)
    with (folder / "areas.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["local_authority", "division"])
        for _, name, _ in forces:
            writer.writerows((f"{name} {d}", f"{name} {v}") for d, v in areas)
    return total


# --- measurements, each in a fresh subprocess (``--measure``) -------------------------------


def measure_ingest(folder: str, work: str) -> dict:
    return measure_scrutiny(folder, work) | {"peak_mb": peak_mb()}


def measure_duckdb_files(folder: str, work: str) -> dict:
    return measure_duckdb(folder, work) | {"peak_mb": peak_mb()}


def measure_runs(folder: str, work: str) -> dict:
    from bot.use_cases import gather, load_inputs, run_month
    from storage.db import open_db

    db = open_db(Path(work) / DATABASE)
    months = [m for (m,) in db.execute("SELECT DISTINCT month FROM street_files ORDER BY month")]
    start = time.perf_counter()
    inputs = load_inputs(db)
    result: dict = {"load_seconds": time.perf_counter() - start, "series": len(inputs.series)}
    start = time.perf_counter()
    tests = sum(run_month(db, inputs, m, dry_run=False).tests for m in months[-RUNS:])
    result |= {"run_seconds": time.perf_counter() - start, "tests": tests}
    start = time.perf_counter()
    gather(db, months[-1], force_slug=HOME)
    return result | {"digest_seconds": time.perf_counter() - start, "peak_mb": peak_mb()}


MEASURES = {"ingest": measure_ingest, "duckdb": measure_duckdb_files, "runs": measure_runs}


def _in_subprocess(what: str, folder: Path, work: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--measure", what, str(folder), str(work)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def help_seconds() -> float:
    """Wall time of ``scrutiny --help``, the best of three."""
    script = Path(sys.executable).with_name("scrutiny")
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([str(script), "--help"], capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", type=Path, help="Build the files and databases here, keep them.")
    parser.add_argument("--measure", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        what, folder, work = args.measure
        print(json.dumps(MEASURES[what](folder, work)))
        return
    if not ZIP.exists():
        sys.exit(f"the real data is not here: {ZIP}")
    forces = territorial_forces()
    with tempfile.TemporaryDirectory(prefix="scrutiny-national-") as temporary:
        base = args.keep or Path(temporary)
        results = {}
        for label, chosen in (("1 force", forces[:1]), (f"{len(forces)} forces", forces)):
            folder = base / f"files-{len(chosen)}"
            if not folder.exists():
                start = time.perf_counter()
                size = build_files(folder, chosen)
                print(f"built {label}: {size / 1e9:.2f} GB in {time.perf_counter() - start:.0f} s")
            work = base / f"work-{len(chosen)}"
            (work / DATABASE).unlink(missing_ok=True)
            work.mkdir(exist_ok=True)
            results[label] = {
                "ingest": _in_subprocess("ingest", folder, work),
                "duckdb": _in_subprocess("duckdb", folder, work),
                "runs": _in_subprocess("runs", folder, work),
            }
        report(results, help_seconds())


def report(results: dict, help_wall: float) -> None:
    print(
        f"\n{'':<11}{'crimes':>12}{'ingest s':>10}{'DuckDB s':>10}{'x DuckDB':>9}"
        f"{'peak MB':>9}{'DuckDB MB':>10}"
    )
    for label, r in results.items():
        ingest, duck = r["ingest"], r["duckdb"]
        print(
            f"{label:<11}{ingest['rows']:>12,}{ingest['seconds']:>10.1f}"
            f"{duck['seconds']:>10.1f}{ingest['seconds'] / duck['seconds']:>9.2f}"
            f"{ingest['peak_mb']:>9.0f}{duck['peak_mb']:>10.0f}"
        )
    print(
        f"\n{'':<11}{'series':>8}{'load s':>9}{'6 runs s':>10}{'tests':>10}{'digest s':>10}"
        f"{'peak MB':>9}"
    )
    for label, r in results.items():
        runs = r["runs"]
        print(
            f"{label:<11}{runs['series']:>8,}{runs['load_seconds']:>9.2f}"
            f"{runs['run_seconds']:>10.1f}{runs['tests']:>10,}{runs['digest_seconds']:>10.2f}"
            f"{runs['peak_mb']:>9.0f}"
        )
    one, many = results.values()
    ingest = many["ingest"]["seconds"] / many["duckdb"]["seconds"]
    peak = many["ingest"]["peak_mb"]
    runs = many["runs"]["run_seconds"] / one["runs"]["run_seconds"]
    checks = [
        (f"ingest {ingest:.2f}x DuckDB (at most {MAX_INGEST_RATIO}x)", ingest <= MAX_INGEST_RATIO),
        (f"ingest peak {peak:.0f} MB (under {MAX_PEAK_MB} MB)", peak < MAX_PEAK_MB),
        (f"six runs {runs:.1f}x one force's (at most {MAX_RUN_RATIO:.0f}x)", runs <= MAX_RUN_RATIO),
        (f"scrutiny --help {help_wall:.2f} s (under {MAX_HELP_SECONDS:.0f} s)", help_wall < 1),
    ]
    print()
    for text, ok in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {text}")


if __name__ == "__main__":
    main()
