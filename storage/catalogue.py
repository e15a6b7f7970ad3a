"""The indicator catalogue and classification breaks, kept as CSV data beside this module."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

Unit = Literal["count", "proportion"]
Source = Literal["police-uk", "derived", "long"]


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


@cache
def indicators() -> dict[str, Indicator]:
    """All indicators by slug, in catalogue order."""
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
        )
    return out


@cache
def crime_type_slugs() -> dict[str, str]:
    """police.uk "Crime type" text -> indicator slug."""
    return {i.crime_type: i.slug for i in indicators().values() if i.crime_type}


@cache
def classification_breaks() -> tuple[ClassificationBreak, ...]:
    return tuple(ClassificationBreak(**row) for row in _rows("breaks.csv"))
