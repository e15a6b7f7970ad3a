"""The report's "In Year Performance versus Previous 12 Month Period" for an area beside its
parents and peers ("England & Wales Up 5.7%, NW Region Up 9.7%, MSG Up 7%, Lancashire Up
11.2%", "26 forces nationally have an increase", "Lancashire is 2nd in its MSG").

Pure: figures come in as plain values (month -> value), the comparison goes out as frozen
dataclasses. Ranks go from best to worst: 1 is the smallest percentage change in the direction
that is bad for the public (for crime, the largest fall), so "1st of 43" is the best record.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from months import to_month, to_ordinal

# How an area's stored values become its two 12-month figures:
# rolling-total: each value already totals the 12 months to its month (Home Office tables);
# monthly-count: a value a month, summed over each 12 (data.police.uk, long-format counts);
# stock: a value read at the month (a headcount), against the value a year before, never summed;
# proportion: each 12 months pooled over their respondents, the change in percentage points.
Measure = Literal["rolling-total", "monthly-count", "stock", "proportion"]
Level = Literal["force", "region", "group", "national", "division", "district"]
Direction = Literal["up", "down"]
MAX_NAMED = 5  # areas without figures named in a note; the rest are counted


class MissingFigures(LookupError):
    """An area lacks a value the comparison needs."""

    def __init__(self, months: Sequence[str]):
        self.months = tuple(months)
        super().__init__(f"no figures for {', '.join(self.months)}")


@dataclass(frozen=True)
class Periods:
    """An area's figures for the 12 months to the month and the 12 months before."""

    current: float
    previous: float


def needed_months(month: str, measure: Measure) -> tuple[str, ...]:
    """The months whose values make the two periods to ``month``, latest first."""
    at = to_ordinal(month)
    if measure in ("rolling-total", "stock"):
        return (month, to_month(at - 12))
    if measure in ("monthly-count", "proportion"):
        return tuple(to_month(at - i) for i in range(24))
    raise ValueError(f"no comparison for the measure {measure!r}")


def unit_periods(values: Mapping[str, float], month: str, measure: Measure) -> Periods:
    """One area's two periods from its values by month; raises MissingFigures."""
    needed = needed_months(month, measure)
    missing = [m for m in needed if not math.isfinite(values.get(m, math.nan))]
    if missing:
        raise MissingFigures(sorted(missing))
    if measure in ("rolling-total", "stock"):
        return Periods(float(values[needed[0]]), float(values[needed[1]]))
    return Periods(
        float(sum(values[m] for m in needed[:12])), float(sum(values[m] for m in needed[12:]))
    )


def pooled_periods(
    values: Mapping[str, float], denominators: Mapping[str, float], month: str
) -> Periods:
    """A proportion's two periods: the yes answers of each 12 months over its respondents (a
    month with more respondents counts for more); raises MissingFigures."""
    needed = needed_months(month, "proportion")
    missing = [
        m
        for m in needed
        if not (
            math.isfinite(values.get(m, math.nan))
            and math.isfinite(denominators.get(m, math.nan))
            and denominators[m] > 0
        )
    ]
    if missing:
        raise MissingFigures(sorted(missing))
    current, previous = needed[:12], needed[12:]
    return Periods(
        sum(values[m] for m in current) / sum(denominators[m] for m in current),
        sum(values[m] for m in previous) / sum(denominators[m] for m in previous),
    )


def combined(parts: Sequence[Periods]) -> Periods:
    """The periods of a group from its members' (counts, rolling totals and headcounts add
    up; proportions do not, without their respondents)."""
    return Periods(sum(p.current for p in parts), sum(p.previous for p in parts))


def percent_change(periods: Periods) -> float | None:
    """None when the previous period is zero (no percentage of nothing)."""
    if periods.previous == 0 or not math.isfinite(periods.previous):
        return None
    return 100 * (periods.current - periods.previous) / periods.previous


@dataclass(frozen=True)
class Parent:
    """An area the subject is compared with. ``periods`` given: its own figures (a force
    against its divisions: the force counts crimes no division does). ``periods`` None: the sum
    of ``members``, shown only when every member has figures. ``members`` also rank the
    subject (its place among the forces of a region, the divisions of a force)."""

    level: Level
    area: str
    name: str
    members: tuple[str, ...] = ()
    periods: Periods | None = None


@dataclass(frozen=True)
class Row:
    level: Level
    area: str
    name: str
    source: str  # which measure the figures are: never mixed within a sum
    current: float  # a proportion's as a fraction (0.805 = 80.5%)
    previous: float
    change: float  # a proportion's in fractions of one (0.029 = 2.9 percentage points)
    percent: float | None  # None for a proportion: its change is in points


@dataclass(frozen=True)
class Rank:
    level: Level
    area: str  # the parent whose members are ranked
    name: str
    place: int  # 1 = best; ties share a place
    of: int  # members ranked


@dataclass(frozen=True)
class Comparison:
    indicator: str
    month: str
    measure: Measure
    rows: tuple[Row, ...]  # the subject first, then its parents
    forces_up: int | None  # forces nationally with an increase; None without national data
    forces: int | None  # forces nationally compared
    ranks: tuple[Rank, ...]
    notes: tuple[str, ...]  # what is left out, and why


def listed(names: Sequence[str]) -> str:
    """The first MAX_NAMED names, and how many more."""
    text = ", ".join(names[:MAX_NAMED])
    return text + (f" and {len(names) - MAX_NAMED} more" if len(names) > MAX_NAMED else "")


def _row(
    level: Level, area: str, name: str, source: str, periods: Periods, measure: Measure
) -> Row:
    return Row(
        level,
        area,
        name,
        source,
        periods.current,
        periods.previous,
        periods.current - periods.previous,
        None if measure == "proportion" else percent_change(periods),
    )


def rank_place(
    subject: str,
    figures: Mapping[str, Periods],
    bad_direction: Direction,
    measure: Measure = "monthly-count",
) -> tuple[int, int] | None:
    """(place, of) of ``subject`` among ``figures`` by percentage change, best first; areas
    whose previous period is zero have no percentage and are not ranked. Proportions are
    ranked by their change in points."""
    sign = 1 if bad_direction == "up" else -1

    def change(f: Periods) -> float | None:
        return f.current - f.previous if measure == "proportion" else percent_change(f)

    scores = {a: sign * p for a, p in ((a, change(f)) for a, f in figures.items()) if p is not None}
    if subject not in scores:
        return None
    return 1 + sum(1 for s in scores.values() if s < scores[subject]), len(scores)


def compare(
    *,
    indicator: str,
    month: str,
    measure: Measure,
    source: str,
    bad_direction: Direction,
    subject: tuple[Level, str, str],
    figures: Mapping[str, Periods],
    parents: Sequence[Parent],
    names: Mapping[str, str],
) -> Comparison:
    """The subject (level, slug, name; its periods in ``figures``) beside each parent.

    ``figures`` holds the periods of the subject and of every member with figures. A parent of
    level "national" also counts the forces with an increase, when every member has figures.
    """
    level, area, name = subject
    rows = [_row(level, area, name, source, figures[area], measure)]
    ranks: list[Rank] = []
    notes: list[str] = []
    forces_up: int | None = None
    forces: int | None = None
    for parent in parents:
        present = {m: figures[m] for m in parent.members if m in figures}
        missing = [names.get(m, m) for m in parent.members if m not in figures]
        if missing:
            notes.append(
                f"{parent.name}: {len(present)} of its {len(parent.members)} areas have figures "
                f"for both periods (none for {listed(missing)}), so no total or rank is given"
            )
        if parent.area == area:
            pass  # the subject itself (England & Wales): its members only count and rank
        elif parent.periods is not None:
            rows.append(
                _row(parent.level, parent.area, parent.name, source, parent.periods, measure)
            )
        elif parent.members and not missing and measure != "proportion":
            total = combined(list(present.values()))
            rows.append(_row(parent.level, parent.area, parent.name, source, total, measure))
        if parent.members and not missing:
            place = rank_place(area, present, bad_direction, measure)
            if place is not None:
                ranks.append(Rank(parent.level, parent.area, parent.name, *place))
            if parent.level == "national":
                forces = len(present)
                forces_up = sum(1 for p in present.values() if p.current > p.previous)
    return Comparison(
        indicator=indicator,
        month=month,
        measure=measure,
        rows=tuple(rows),
        forces_up=forces_up,
        forces=forces,
        ranks=tuple(ranks),
        notes=tuple(notes),
    )


# A force's change this far from its country's (or region's) is worth a line in its alert: the
# seed report sets "Lancashire Up 11.2%" beside "England & Wales Up 5.7%" for that reason.
OUT_OF_STEP_POINTS = 5.0  # percentage points


@dataclass(frozen=True)
class OutOfStep:
    subject: Row  # the force
    beside: Row  # England & Wales where loaded, else the force's region
    month: str  # the end of the 12 months compared


def out_of_step(comparison: Comparison, points: float = OUT_OF_STEP_POINTS) -> OutOfStep | None:
    """The force and the widest area beside it when their changes differ by ``points`` or more
    percentage points; None when they move together or either has no percentage."""
    subject = comparison.rows[0]
    wider = {r.level: r for r in comparison.rows[1:]}
    beside = wider.get("national") or wider.get("region")
    if subject.level != "force" or beside is None:
        return None
    if subject.percent is None or beside.percent is None:
        return None
    if abs(subject.percent - beside.percent) < points:
        return None
    return OutOfStep(subject, beside, comparison.month)
