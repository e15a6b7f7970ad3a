"""What made an In Year change: the categories (and divisions) that contributed most, with
their share ("Shoplifting offences account for approximately 78% of the increase"), and the
categories that moved the good way ("There have been favourable results in: Bicycle Theft -
Down 170 crimes (-8.8%)").

The contributors are chosen by the rule the alerts use for a total's drivers and an event's
areas (detectors.events): the fewest, largest movers that make up DRIVER_SHARE (areas:
WHERE_SHARE) of the movement in the total's direction, each with its share of that movement.
Favourable results are the categories with a significant change in the better direction, other
than those already named as contributing (a fall the good way names its drivers first).

The areas below need not add up to the total: a force counts crimes with no recorded location,
which no division does. A change is attributed to the areas only when theirs accounts for it:
their net change is the same way and at least ATTRIBUTABLE of it. Otherwise the change is
outside them, and ``areas_change`` says by how much they moved together (the public order
offences of a force down 1,181 while its divisions together rose by 9: the fall is in the crimes
with no location, and naming the one division that fell would contradict the figures).
Pure: the year-on-year figures come in already computed (detectors.year_on_year).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from detectors.events import DRIVER_SHARE, WHERE_SHARE, Figure, largest_shares
from detectors.finding import Direction, YearOnYear

ATTRIBUTABLE = 0.5  # of the total's change, the least the areas' net change must make up


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
    # The areas below that contributed most, largest first; none when theirs does not account
    # for the total's change (see areas_attributable).
    areas: tuple[Part, ...]
    # Components significantly changed the better way, other than those in ``categories``.
    favourable: tuple[Part, ...]
    areas_change: float | None = None  # the areas' net change; None when none were given
    better: bool = False  # the total moved the better way: its contributors are favourable too

    @property
    def areas_attributable(self) -> bool:
        """The areas' net change accounts for the total's: the same way, at least
        ATTRIBUTABLE of it."""
        return self.areas_change is not None and attributable(self.total.change, self.areas_change)


def attributable(total_change: float, areas_change: float) -> bool:
    """Whether areas that together changed by ``areas_change`` account for a total's change."""
    return total_change * areas_change > 0 and abs(areas_change) >= ATTRIBUTABLE * abs(total_change)


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
    good_way: Direction = "down" if bad_direction == "up" else "up"
    drivers = _largest(direction, categories, DRIVER_SHARE)
    named = {part.key for part in drivers}
    favourable = sorted(
        (
            _part(key, yoy, 0.0)
            for key, yoy in categories.items()
            if key not in named
            and yoy.significant
            and (yoy.change > 0) == (good_way == "up")
            and yoy.change != 0
        ),
        key=lambda part: -abs(part.change),
    )
    areas_change = sum(yoy.change for yoy in areas.values()) if areas else None
    where = (
        _largest(direction, areas, WHERE_SHARE)
        if areas_change is not None and attributable(total.change, areas_change)
        else ()
    )
    if not (drivers or areas or favourable):
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
        areas_change=areas_change,
        better=direction == good_way,
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
