"""The police force areas of England & Wales, and the groups of forces compared with each other.

The 43 territorial forces are kept as data (``data/police_force_areas.csv``): the name the Home
Office tables use, the slug data.police.uk files use ("Metropolitan Police" -> ``metropolitan``),
so figures of both sources land on one area, and the name data.police.uk gives the force (its
street files' "Falls within", its API's force name: "Metropolitan Police Service"). Regions,
England & Wales and an analyst's own groups (a force's most similar group) are areas too; which
forces each holds is in ``area_members``.
"""

from __future__ import annotations

import csv
import difflib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from storage.areas import AreaKind, slugify

NATIONAL_SLUG = "england-and-wales"
NATIONAL_NAME = "England & Wales"
GROUP_KINDS: tuple[AreaKind, ...] = ("region", "group", "national")

migrations = Migrations("scrutiny.force_areas")


@migrations()
def m001_area_members(db: Database) -> None:
    # A force can sit in several groups (its region, England & Wales, a most similar group):
    # membership is many-to-many, so it cannot be the areas table's single parent.
    db.table("area_members").create({"area": str, "member": str}, pk=("area", "member"))
    db.table("area_members").create_index(["member"])


@dataclass(frozen=True)
class ForceArea:
    name: str  # as the Home Office tables write it: "Metropolitan Police"
    slug: str  # as data.police.uk file names write it: "metropolitan"; "" when it has none
    police_uk_name: str  # as data.police.uk names it: "Metropolitan Police Service"; or ""
    force_area: bool  # False: British Transport Police and the fraud sources
    note: str  # why a source is not a force area


@cache
def _all() -> tuple[ForceArea, ...]:
    text = (
        resources.files("storage")
        .joinpath("data", "police_force_areas.csv")
        .read_text(encoding="utf-8")
    )
    return tuple(
        ForceArea(r["name"], r["slug"], r["police_uk_name"], r["force_area"] == "true", r["note"])
        for r in csv.DictReader(text.splitlines())
    )


@cache
def force_areas() -> dict[str, ForceArea]:
    """The territorial forces of England & Wales by slug."""
    return {f.slug: f for f in _all() if f.force_area}


@cache
def not_force_areas() -> dict[str, ForceArea]:
    """Sources a national table names that are not force areas, by their name in the table."""
    return {f.name: f for f in _all() if not f.force_area}


def region_slug(region: str) -> str:
    # Suffixed: the West Midlands region holds the West Midlands force (slug west-midlands).
    return f"{slugify(region)}-region"


def region_name(region: str) -> str:
    return f"{region} Region"


def group_slug(group: str) -> str:
    return f"{slugify(group)}-group"


def spellings(force: ForceArea) -> tuple[str, ...]:
    """Every accepted spelling of a force: its name, the name with the words data.police.uk
    adds ("Lancashire Constabulary", "Metropolitan Police Service"), its slug and
    data.police.uk's own name ("Devon & Cornwall Police")."""
    names = tuple(force.name + suffix for suffix in ("", " Constabulary", " Police", " Service"))
    return (*names, *(s for s in (force.slug, force.police_uk_name) if s))


@cache
def _by_spelling() -> dict[str, ForceArea]:
    """Every accepted spelling of a force, slugified."""
    out: dict[str, ForceArea] = {}
    for force in _all():
        for spelling in spellings(force):
            out.setdefault(slugify(spelling), force)
    return out


def find_force(text: str) -> ForceArea | None:
    """The force (or not-a-force source) a name means; None when it means none."""
    return _by_spelling().get(slugify(text))


def names_force(name: str, slug: str) -> bool:
    """Whether a street file's "Falls within" ``name`` names the force its file name gives
    (``slug``): any accepted spelling of that force ("Lancashire Constabulary", as data.police.uk
    writes it, or "Lancashire Police", "Lancashire"). A force this file does not know (Northern
    Ireland's, say) is taken at its word unless the name is that of another force."""
    meant = find_force(name)
    if meant is not None:
        return meant.slug == slug
    return not any(f.slug == slug for f in _all())


def police_uk_name(slug: str) -> str | None:
    """The name data.police.uk gives the force of ``slug``; None for a force it does not know."""
    return next((f.police_uk_name for f in _all() if f.slug == slug and f.police_uk_name), None)


def suggest_forces(text: str) -> list[str]:
    """Up to three territorial force names close to ``text``."""
    names = {slugify(f.name): f.name for f in force_areas().values()}
    return [names[c] for c in difflib.get_close_matches(slugify(text), list(names), n=3)]


def store_group(db: Database, slug: str, name: str, kind: AreaKind, members: list[str]) -> None:
    """An area holding ``members`` (force slugs), replacing what it held (inside a transaction).

    The forces themselves become areas only when their own data (street files) is loaded: a
    force named by a national table is not a force the bot reports on.
    """
    db.table("areas").upsert({"slug": slug, "name": name, "kind": kind, "parent": None}, pk="slug")
    db.execute("DELETE FROM area_members WHERE area = ?", [slug])
    db.table("area_members").insert_all(
        [{"area": slug, "member": m} for m in sorted(set(members))], pk=("area", "member")
    )


def force_name(db: Database, slug: str) -> str:
    """A force's display name: as its street files name it when loaded, else as the Home Office
    does."""
    row = db.execute("SELECT name FROM areas WHERE slug = ?", [slug]).fetchone()
    if row:
        return str(row[0])
    force = force_areas().get(slug)
    return force.name if force else slug


def members(db: Database, area: str) -> list[str]:
    """The force slugs a region, group or England & Wales holds."""
    return [
        r[0]
        for r in db.execute(
            "SELECT member FROM area_members WHERE area = ? ORDER BY member", [area]
        )
    ]


def containing(db: Database, force: str) -> list[tuple[str, str, AreaKind]]:
    """(slug, name, kind) of every region, group and England & Wales holding ``force``:
    region first, then groups by name, then England & Wales."""
    order = {"region": 0, "group": 1, "national": 2}
    rows = db.execute(
        "SELECT a.slug, a.name, a.kind FROM area_members m JOIN areas a ON a.slug = m.area "
        "WHERE m.member = ?",
        [force],
    ).fetchall()
    return sorted(((r[0], r[1], r[2]) for r in rows), key=lambda r: (order.get(r[2], 9), r[1]))
