"""Areas: the force, its divisions and their districts (local authorities)."""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass
from typing import Literal

from sqlite_utils import Database

from storage.errors import InputProblem

# region, group and national hold forces (storage.force_areas keeps which): they have no parent.
AreaKind = Literal["force", "division", "district", "other", "region", "group", "national"]
AREAS_HEADER = ("local_authority", "division")


@dataclass(frozen=True)
class Area:
    slug: str
    name: str
    kind: AreaKind
    parent: str | None  # a district's division (or force), a division's force


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def division_name(text: str) -> str:
    text = text.strip()
    return text if text.lower().endswith("division") else f"{text} Division"


def parse_areas_csv(text: str, path: str) -> tuple[list[tuple[str, str]], list[InputProblem]]:
    """(district, division) pairs from an areas file ``local_authority,division``."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    if tuple(header) != AREAS_HEADER:
        return [], [
            InputProblem(
                path, f"header is {','.join(header)!r}; expected local_authority,division", line=1
            )
        ]
    pairs: list[tuple[str, str]] = []
    problems: list[InputProblem] = []
    seen: dict[str, int] = {}
    for row in reader:
        if not any(cell.strip() for cell in row):
            continue
        line = reader.line_num
        if len(row) != 2 or not row[0].strip() or not row[1].strip():
            problems.append(
                InputProblem(path, "expected a local authority and a division", line=line)
            )
            continue
        district, division = row[0].strip(), row[1].strip()
        if slugify(district) in seen:
            problems.append(
                InputProblem(
                    path,
                    f"{district!r} is already listed on line {seen[slugify(district)]}",
                    line=line,
                    column="local_authority",
                )
            )
            continue
        seen[slugify(district)] = line
        pairs.append((district, division))
    if not pairs and not problems:
        problems.append(InputProblem(path, "no areas: expected one line per local authority"))
    return pairs, problems


def store_areas(db: Database, pairs: list[tuple[str, str]]) -> None:
    """Record districts under their divisions (call inside the ingest's transaction)."""
    divisions = {slugify(div): division_name(div) for _, div in pairs}
    db.table("areas").upsert_all(
        [{"slug": s, "name": n, "kind": "division", "parent": None} for s, n in divisions.items()],
        pk="slug",
    )
    db.table("areas").upsert_all(
        [
            {"slug": slugify(d), "name": d, "kind": "district", "parent": slugify(div)}
            for d, div in pairs
        ],
        pk="slug",
    )


def link_divisions_to_forces(db: Database) -> None:
    """A division belongs to the force whose street data covers its districts most. One pass
    over the counts (a query per division scanned them all: 11 s for 43 forces' divisions)."""
    totals = db.execute(
        """
        SELECT d.parent, c.force, SUM(c.count) AS crimes
        FROM street_counts c JOIN areas d ON d.slug = c.district AND d.kind = 'district'
        GROUP BY d.parent, c.force
        """
    ).fetchall()
    force_of: dict[str, str] = {}
    # The most crimes wins; on a tie, the force first by slug.
    for division, force, _ in sorted(totals, key=lambda row: (-row[2], row[1])):
        force_of.setdefault(division, force)
    divisions = [r[0] for r in db.execute("SELECT slug FROM areas WHERE kind = 'division'")]
    db.conn.executemany(
        "UPDATE areas SET parent = ? WHERE slug = ?", [(force_of.get(d), d) for d in divisions]
    )


def list_areas(db: Database) -> list[Area]:
    order = {
        "force": 0,
        "division": 1,
        "district": 2,
        "other": 3,
        "region": 4,
        "group": 5,
        "national": 6,
    }
    areas = [Area(r["slug"], r["name"], r["kind"], r["parent"]) for r in db.table("areas").rows]
    return sorted(areas, key=lambda a: (order[a.kind], a.name))


def area_names(db: Database) -> dict[str, str]:
    """Display name by slug, for every area."""
    return {row[0]: row[1] for row in db.execute("SELECT slug, name FROM areas")}


def area_name(db: Database, slug: str) -> str:
    """An area's display name; the slug itself when the area is unknown (no longer loaded)."""
    return area_names(db).get(slug, slug)


def get_area(db: Database, slug: str) -> Area | None:
    rows = list(db.table("areas").rows_where("slug = ?", [slug]))
    return Area(**rows[0]) if rows else None


def area_warnings(db: Database) -> list[str]:
    """Where the areas file and the street-level data disagree, which would otherwise mis-file
    crimes silently: districts it names that no street data has (a misspelling drops a whole
    district from its division), districts of the data it places in no division, and divisions
    that therefore belong to no force. Empty until both are loaded."""
    if not db.execute("SELECT 1 FROM street_counts LIMIT 1").fetchone():
        return []
    kinds = {r["slug"]: r["kind"] for r in db.query("SELECT slug, kind FROM areas")}
    districts = list(
        db.query("SELECT slug, name, parent FROM areas WHERE kind = 'district' ORDER BY name")
    )
    seen = {row[0] for row in db.execute("SELECT DISTINCT district FROM street_counts")}
    divisions = list(db.query("SELECT name, parent FROM areas WHERE kind = 'division'"))
    orphans = sorted(d["name"] for d in divisions if d["parent"] is None)
    # Districts left under their force: unplaced where the force has divisions, or where some
    # division has no force (it may have been meant for any force).
    by_force = [d for d in districts if kinds.get(d["parent"]) == "force"]
    divided = {d["parent"] for d in divisions}
    unplaced = [d for d in by_force if orphans or d["parent"] in divided]
    unseen = [
        d for d in districts if kinds.get(d["parent"]) == "division" and d["slug"] not in seen
    ]
    warnings = []
    if unseen:
        candidates = [d["name"] for d in by_force]
        listed = []
        for district in unseen:
            close = difflib.get_close_matches(district["name"], candidates, n=1, cutoff=0.6)
            listed.append(district["name"] + (f" (did you mean {close[0]}?)" if close else ""))
        warnings.append(
            "the areas file names districts that no street-level data has, so they count for "
            f"no division: {', '.join(listed)}; check them against the LSOA names"
        )
    if unplaced:
        warnings.append(
            "districts in the street-level data that the areas file places in no division: "
            + ", ".join(f"{d['name']} ({d['parent']})" for d in unplaced)
        )
    if orphans:
        warnings.append(
            f"divisions with no force (none of their districts occur in the street-level data): "
            f"{', '.join(orphans)}"
        )
    return warnings
