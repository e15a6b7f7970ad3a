"""The bundled demo data: real Lancashire counts, written out as data.police.uk street CSVs.

``data/demo/lancashire-counts.csv.gz`` holds the real monthly counts by district and crime type
of data.police.uk's Lancashire street-level files, 2019-12 to 2022-10 (564,078 crimes and ASB
incidents; 2020-06, 2020-08 and 2020-09 were never published). Shipping the raw files would
take 120 MB, so the demo expands the counts into files of the published layout
(``YYYY-MM/YYYY-MM-lancashire-street.csv``) with seeded, synthetic row details (crime IDs,
coordinates, LSOA codes, street names, outcomes). Every count the ingest computes from them is
the real one; the row details are not.
"""

from __future__ import annotations

import csv
import gzip
import random
from collections import defaultdict
from importlib import resources
from pathlib import Path

from storage.police_uk import HEADER

FORCE = "Lancashire Constabulary"
_NO_LSOA = "(no LSOA)"
# Approximate centres (longitude, latitude) of Lancashire's districts, for plausible points.
_CENTRES = {
    "Blackburn with Darwen": (-2.48, 53.70),
    "Blackpool": (-3.03, 53.82),
    "Burnley": (-2.24, 53.79),
    "Chorley": (-2.63, 53.65),
    "Fylde": (-2.92, 53.78),
    "Hyndburn": (-2.38, 53.75),
    "Lancaster": (-2.70, 54.05),
    "Pendle": (-2.18, 53.86),
    "Preston": (-2.70, 53.76),
    "Ribble Valley": (-2.40, 53.87),
    "Rossendale": (-2.28, 53.68),
    "South Ribble": (-2.70, 53.70),
    "West Lancashire": (-2.85, 53.58),
    "Wyre": (-2.93, 53.90),
}
_STREETS = (
    "Church Street",
    "Station Road",
    "Market Street",
    "Victoria Road",
    "Park Road",
    "Parking Area",
    "Supermarket",
    "Shopping Area",
    "Sports/Recreation Area",
    "Petrol Station",
    "Further/Higher Educational Building",
    "Nightclub",
)
_OUTCOMES = (
    "Investigation complete; no suspect identified",
    "Unable to prosecute suspect",
    "Under investigation",
    "Status update unavailable",
    "Offender given a caution",
    "Awaiting court outcome",
    "Local resolution",
    "Further investigation is not in the public interest",
)


def demo_counts() -> dict[str, list[tuple[str, str, int]]]:
    """Month -> (district, crime type, count), from the bundled real counts."""
    raw = resources.files("storage").joinpath("data", "demo", "lancashire-counts.csv.gz")
    by_month: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    with gzip.open(raw.open("rb"), "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            by_month[row["month"]].append((row["district"], row["crime_type"], int(row["count"])))
    return dict(by_month)


def write_demo_files(out_dir: Path, *, seed: int = 2017) -> list[Path]:
    """Write one street CSV per month under ``out_dir``; returns their paths."""
    rng = random.Random(seed)
    paths = []
    for month, cells in sorted(demo_counts().items()):
        path = out_dir / month / f"{month}-lancashire-street.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(HEADER)
            for district, crime_type, count in cells:
                writer.writerows(_rows(rng, month, district, crime_type, count))
        paths.append(path)
    return paths


def _rows(rng: random.Random, month: str, district: str, crime_type: str, count: int):
    is_asb = crime_type == "Anti-social behaviour"
    for _ in range(count):
        crime_id = "" if is_asb else f"{rng.getrandbits(256):064x}"
        outcome = "" if is_asb else rng.choice(_OUTCOMES)
        if district == _NO_LSOA:
            yield [
                crime_id,
                month,
                FORCE,
                FORCE,
                "",
                "",
                "No location",
                "",
                "",
                crime_type,
                outcome,
                "",
            ]
            continue
        lon, lat = _CENTRES.get(district, (-2.6, 53.8))
        yield [
            crime_id,
            month,
            FORCE,
            FORCE,
            f"{lon + rng.uniform(-0.05, 0.05):.6f}",
            f"{lat + rng.uniform(-0.04, 0.04):.6f}",
            f"On or near {rng.choice(_STREETS)}",
            f"E0{rng.randint(1000000, 1099999)}",
            f"{district} {rng.randint(1, 30):03d}{rng.choice('ABCDE')}",
            crime_type,
            outcome,
            "",
        ]
