"""What made an In Year change: the categories (and divisions) that contributed most, with
their share ("Shoplifting offences account for approximately 78% of the increase"), and the
categories that moved the good way ("There have been favourable results in: Bicycle Theft -
Down 170 crimes (-8.8%)").

The contributors are chosen by the rule the alerts use for a total's drivers and an event's
areas (detectors.events): the fewest, largest movers that make up DRIVER_SHARE (areas:
WHERE_SHARE) of the movement in the total's direction, each with its share of that movement.
Favourable results are the categories with a significant change in the better direction.
Pure: the year-on-year figures come in already computed (detectors.year_on_year).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from detectors.events import DRIVER_SHARE, WHERE_SHARE, Figure, largest_shares
from detectors.finding import Direction, YearOnYear


@dataclass(frozen=True)
class Part:
    """A category or an area's In Year figures, and its share of the total's movement."""

    key: str  # indicator slug (a category) or area slug (a division)
    current: float
    previous: float
    change: float
    percent: float | None
    share: float  # of the movement in the total's direction, 0..1 (0 for a favourable result)


@dataclass(frozen=True)
class Contributions:
    """The In Year change of a total (``indicator`` in ``area``) and what made it."""

    indicator: str
    area: str
    as_of: str
    direction: Direction  # of the total's change
    total: YearOnYear
    categories: tuple[Part, ...]  # the components that contributed most, largest first
    areas: tuple[Part, ...]  # the areas below that contributed most, largest first
    favourable: tuple[Part, ...]  # components significantly changed the better way


def contributions(
    total: YearOnYear,
    *,
    bad_direction: Direction,
    categories: Mapping[str, YearOnYear] | None = None,
    areas: Mapping[str, YearOnYear] | None = None,
) -> Contributions | None:
    """What made ``total``'s change. ``categories``: its components' figures in the same area,
    by indicator slug; ``areas``: its figures in the areas below, by area slug. None when the
    total did not change, is not a count, or nothing below it says what made the change."""
    if total.unit != "count" or total.change == 0:
        return None
    categories, areas = categories or {}, areas or {}
    direction: Direction = "up" if total.change > 0 else "down"
    better: Direction = "down" if bad_direction == "up" else "up"
    favourable = sorted(
        (
            _part(key, yoy, 0.0)
            for key, yoy in categories.items()
            if yoy.significant and (yoy.change > 0) == (better == "up") and yoy.change != 0
        ),
        key=lambda part: -abs(part.change),
    )
    drivers = _largest(direction, categories, DRIVER_SHARE)
    where = _largest(direction, areas, WHERE_SHARE)
    if not (drivers or where or favourable):
        return None
    return Contributions(
        indicator=total.indicator,
        area=total.area,
        as_of=total.as_of,
        direction=direction,
        total=total,
        categories=drivers,
        areas=where,
        favourable=tuple(favourable),
    )


def _largest(
    direction: Direction, parts: Mapping[str, YearOnYear], enough: float
) -> tuple[Part, ...]:
    figures = {key: Figure(yoy.current, yoy.previous) for key, yoy in parts.items()}
    return tuple(
        _part(share.key, parts[share.key], share.share)
        for share in largest_shares(direction, figures, enough)
    )


def _part(key: str, yoy: YearOnYear, share: float) -> Part:
    return Part(key, yoy.current, yoy.previous, yoy.change, yoy.percent, share)
