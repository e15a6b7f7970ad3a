"""National scale: 43 forces x 32 months against one force, in one run.

Builds two databases under a temporary folder (never in the repository) from the bundled real
Lancashire counts (storage/data/demo/lancashire-counts.csv.gz, 32 months, 2019-12 to 2022-10):
Lancashire alone, and Lancashire with 42 more forces, each the same months with its counts
scaled by a seeded factor and its own district and division names (an areas file per force,
"Preston (Kent)" in "Kent East Division"). The counts are written directly into the tables the
street-level ingest fills (street_counts, street_files, areas), which builds 43 forces in
seconds; the ingest itself is measured by bench/ingest.py.

Then, each in a fresh subprocess so that its peak memory is its own, for one force and for 43:
the series load of a run (every series, as detection takes them), six monthly runs over every
series (stored, each building on the one before), and one force's digest. Acceptance: six
runs of 43 forces cost at most 50x those of one force.

    .venv/bin/python bench/national.py [--forces 43] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HOME = "lancashire"
RUNS = 6  # monthly runs measured: the last six months of the data
MAX_RATIO = 50.0


def force_list(count: int) -> list[tuple[str, str]]:
    """(slug, name) of ``count`` territorial forces, Lancashire first."""
    with (ROOT / "storage" / "data" / "police_force_areas.csv").open(encoding="utf-8") as f:
        forces = [(r["slug"], r["name"]) for r in csv.DictReader(f) if r["force_area"] == "true"]
    home = [f for f in forces if f[0] == HOME]
    return (home + [f for f in forces if f[0] != HOME])[:count]


def build(path: Path, forces: list[tuple[str, str]], *, seed: int = 11) -> dict:
    """A database of ``forces``, each with Lancashire's months and its own area names."""
    from storage.areas import link_divisions_to_forces, slugify, store_areas
    from storage.catalogue import crime_type_slugs
    from storage.db import open_db
    from storage.demo_data import demo_counts

    start = time.perf_counter()
    db = open_db(path)
    counts = demo_counts()
    slug_of = crime_type_slugs()
    with (ROOT / "storage" / "data" / "lancashire-areas.csv").open(encoding="utf-8") as f:
        lancashire_areas = [(r["local_authority"], r["division"]) for r in csv.DictReader(f)]
    rng = random.Random(seed)
    rows = 0
    with db.conn:
        for slug, name in forces:
            home = slug == HOME
            factor = 1.0 if home else rng.uniform(0.4, 2.5)

            def district(text: str, name: str = name, home: bool = home) -> str:
                return text if home or text == "(no LSOA)" else f"{text} ({name})"

            # The force's areas file: its districts under its own divisions.
            store_areas(
                db,
                [(district(d), v if home else f"{name} {v}") for d, v in lancashire_areas],
            )
            db.execute(
                "INSERT OR IGNORE INTO areas (slug, name, kind, parent) VALUES (?, ?, 'force', "
                "NULL)",
                [slug, name],
            )
            for month, cells in counts.items():
                by_key: dict[tuple[str, str], int] = {}
                for place, crime_type, count in cells:
                    key = ("" if place == "(no LSOA)" else slugify(district(place)), crime_type)
                    by_key[key] = by_key.get(key, 0) + round(count * factor)
                by_key = {k: n for k, n in by_key.items() if n}  # the ingest stores no zeros
                db.conn.executemany(
                    "INSERT INTO street_counts (force, month, district, indicator, count) "
                    "VALUES (?, ?, ?, ?, ?)",
                    [(slug, month, d, slug_of[t], n) for (d, t), n in by_key.items()],
                )
                total = sum(by_key.values())
                db.execute(
                    "INSERT INTO street_files (force, month, path, sha256, rows, ingested_at) "
                    "VALUES (?, ?, ?, '', ?, '')",
                    [slug, month, f"{month}/{month}-{slug}-street.csv", total],
                )
                rows += total
        link_divisions_to_forces(db)
    db.execute("ANALYZE")
    return {
        "forces": len(forces),
        "months": len(counts),
        "crimes": rows,
        "seconds": time.perf_counter() - start,
    }


def measure(db_path: str, what: str) -> dict:
    """One measurement, in this process (run in a fresh subprocess by ``main``)."""
    import resource

    from bot.use_cases import gather, load_inputs, run_month
    from storage.db import open_db

    db = open_db(db_path)
    months = [m for (m,) in db.execute("SELECT DISTINCT month FROM street_files ORDER BY month")]
    start = time.perf_counter()
    inputs = load_inputs(db)
    loaded = time.perf_counter() - start
    result: dict = {"load_seconds": loaded, "series": len(inputs.series)}
    if what == "runs":
        start = time.perf_counter()
        tests = 0
        for month in months[-RUNS:]:
            tests += run_month(db, inputs, month, dry_run=False).tests
        result |= {"run_seconds": time.perf_counter() - start, "tests": tests}
        start = time.perf_counter()
        gather(db, months[-1], force_slug=HOME)
        result["digest_seconds"] = time.perf_counter() - start
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _in_subprocess(db_path: Path, what: str) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--measure", str(db_path), what],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--forces", type=int, default=43)
    parser.add_argument("--keep", type=Path, help="Build the databases here and keep them.")
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(*args.measure)))
        return
    with tempfile.TemporaryDirectory(prefix="scrutiny-national-") as temporary:
        folder = args.keep or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"Databases in {folder} (counts written directly, not through the ingest)")
        results = {}
        for label, count in (("1 force", 1), (f"{args.forces} forces", args.forces)):
            path = folder / f"national-{count}.db"
            if not path.exists():
                built = build(path, force_list(count))
                print(
                    f"built {label}: {built['months']} months, {built['crimes']:,} crimes in "
                    f"{built['seconds']:.1f} s"
                )
            results[label] = _in_subprocess(path, "runs")
        print()
        print(
            f"{'':<12}{'series':>8}{'load s':>9}{'6 runs s':>10}{'tests':>10}"
            f"{'digest s':>10}{'peak MB':>9}"
        )
        for label, r in results.items():
            print(
                f"{label:<12}{r['series']:>8,}{r['load_seconds']:>9.2f}{r['run_seconds']:>10.1f}"
                f"{r['tests']:>10,}{r['digest_seconds']:>10.2f}{r['peak_mb']:>9.0f}"
            )
        one, many = results.values()
        ratio = many["run_seconds"] / one["run_seconds"]
        load_ratio = many["load_seconds"] / one["load_seconds"]
        verdict = "PASS" if ratio <= MAX_RATIO else "FAIL"
        print(
            f"\n{args.forces} forces / 1: series load {load_ratio:.1f}x, six runs {ratio:.1f}x "
            f"(acceptance at most {MAX_RATIO:.0f}x: {verdict}); series {many['series'] / one['series']:.1f}x"
        )


if __name__ == "__main__":
    main()
