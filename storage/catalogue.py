"""The indicator catalogue and classification breaks.

The built-in catalogue and breaks are CSV data beside this module; an analyst's indicators
and breaks files, once loaded (storage.indicator_file, storage.breaks_file), are kept in the
database and override or extend them. Every caller asks ``indicators(db)`` and
``classification_breaks(db)``, so a force's own are known everywhere at once.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from sqlite_utils import Database

Unit = Literal["count", "proportion"]
# What a figure means over a year: a flow is summed (crimes, incidents: the In Year figure is
# the 12-month total); a stock is read at a month (headcounts, caseloads: the month against the
# same month a year before, never summed); a proportion is pooled over its denominators.
Measure = Literal["flow", "stock", "proportion"]
Source = Literal["police-uk", "derived", "long"]
Origin = Literal["built-in", "file"]

UNITS: tuple[Unit, ...] = ("count", "proportion")
MEASURES: tuple[Measure, ...] = ("flow", "stock", "proportion")
DIRECTIONS = ("up", "down")


@dataclass(frozen=True)
class Indicator:
    slug: str  # police.uk API slug where there is one, e.g. "anti-social-behaviour"
    name: str  # display name, e.g. "Anti-social behaviour"
    noun: str  # plural noun for figures: "36 robberies"
    theme: str  # Police and Crime Plan priority
    unit: Unit
    bad_direction: Literal["up", "down"]  # which way is worse for the public
    sensitive: bool  # shown only in channels allowed sensitive indicators
    source: Source  # police-uk category, a sum of others (derived), or long-format data
    crime_type: str | None  # the police.uk "Crime type" text, for police-uk indicators
    components: tuple[str, ...]  # police.uk slugs summed by a derived indicator
    measure: Measure = "flow"
    aliases: tuple[str, ...] = ()  # other names people use for it ("missing people")
    origin: Origin = "built-in"  # the packaged catalogue, or the analyst's indicators file


@dataclass(frozen=True)
class Definition:
    """One row of an analyst's indicators file, as written (checked by storage.indicator_file)."""

    slug: str
    name: str
    noun: str
    theme: str
    unit: Unit
    bad_direction: Literal["up", "down"]
    sensitive: bool
    measure: Measure
    components: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClassificationBreak:
    indicator: str
    month: str  # YYYY-MM, first month under the new rules
    reason: str


THEMES = (
    "Protecting Local Policing",
    "Tackling Crime & Re-offending",
    "Supporting Vulnerable People & Victims",
    "Developing Confident Communities",
)


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("storage").joinpath("data", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def split_aliases(text: str) -> tuple[str, ...]:
    """Aliases are written ``missing people; mispers``: names may hold spaces, not ``;``."""
    return tuple(a.strip() for a in text.split(";") if a.strip())


@cache
def builtin_indicators() -> dict[str, Indicator]:
    """The packaged catalogue by slug, in catalogue order."""
    out: dict[str, Indicator] = {}
    for row in _rows("indicators.csv"):
        out[row["slug"]] = Indicator(
            slug=row["slug"],
            name=row["name"],
            noun=row["noun"],
            theme=row["theme"],
            unit=row["unit"],  # type: ignore[arg-type]
            bad_direction=row["bad_direction"],  # type: ignore[arg-type]
            sensitive=row["sensitive"] == "true",
            source=row["source"],  # type: ignore[arg-type]
            crime_type=row["crime_type"] or None,
            components=tuple(row["components"].split()),
            measure=row["measure"],  # type: ignore[arg-type]
            aliases=split_aliases(row["aliases"]),
        )
    return out


def with_definitions(
    base: dict[str, Indicator], definitions: Iterable[Definition]
) -> dict[str, Indicator]:
    """``base`` overridden (in place, keeping its order) or extended (after it) by the file's
    definitions. An override keeps what only data.police.uk decides: a category stays a
    category; a definition with components is a total of them; any other new one is
    long-format data."""
    out = dict(base)
    for d in definitions:
        known = base.get(d.slug)
        if d.components:
            source: Source = "derived"
        elif known is not None:
            source = known.source
        else:
            source = "long"
        out[d.slug] = Indicator(
            slug=d.slug,
            name=d.name,
            noun=d.noun,
            theme=d.theme,
            unit=d.unit,
            bad_direction=d.bad_direction,
            sensitive=d.sensitive,
            source=source,
            crime_type=known.crime_type if known is not None else None,
            components=d.components or (known.components if known is not None else ()),
            measure=d.measure,
            aliases=d.aliases,
            origin="file",
        )
    return out


def stored_definitions(db: Database) -> list[Definition]:
    """The loaded indicators file's rows, in file order (none before one is loaded)."""
    return [
        Definition(
            slug=row["slug"],
            name=row["name"],
            noun=row["noun"],
            theme=row["theme"],
            unit=row["unit"],
            bad_direction=row["bad_direction"],
            sensitive=bool(row["sensitive"]),
            measure=row["measure"],
            components=tuple(row["components"].split()),
            aliases=split_aliases(row["aliases"]),
        )
        for row in db.query("SELECT * FROM indicator_definitions ORDER BY position")
    ]


def indicators(db: Database) -> dict[str, Indicator]:
    """All indicators by slug: the built-in catalogue with the loaded indicators file's."""
    return with_definitions(builtin_indicators(), stored_definitions(db))


@cache
def crime_categories() -> frozenset[str]:
    """The police.uk categories that are recorded crime: every one but anti-social behaviour,
    the built-in all crime's components (fixed by data.police.uk, not by a file). The report
    counts a total's parts that are crimes in "crimes" ("Shoplifting - Up 1,368 crimes")."""
    return frozenset(builtin_indicators()["all-crime"].components)


@cache
def crime_type_slugs() -> dict[str, str]:
    """police.uk "Crime type" text -> indicator slug (fixed by data.police.uk, not by a file)."""
    return {i.crime_type: i.slug for i in builtin_indicators().values() if i.crime_type}


@cache
def builtin_breaks() -> tuple[ClassificationBreak, ...]:
    return tuple(ClassificationBreak(**row) for row in _rows("breaks.csv"))


def classification_breaks(db: Database) -> tuple[ClassificationBreak, ...]:
    """The built-in breaks and the loaded breaks file's (its reason wins for the same month)."""
    found = {(b.indicator, b.month): b for b in builtin_breaks()}
    for row in db.query("SELECT indicator, month, reason FROM break_definitions"):
        found[(row["indicator"], row["month"])] = ClassificationBreak(**row)
    return tuple(sorted(found.values(), key=lambda b: (b.indicator, b.month)))
