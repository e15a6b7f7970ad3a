"""The figures behind ``scrutiny compare``: an area's In Year Performance beside its parents and
peers, read from the database and handed to the pure comparison in detectors.comparison.

A force (or a region, group or England & Wales) is compared on Home Office recorded crime:
rolling 12-month totals at a period end of the table. A division or district is compared with
its division and force on the figures it has (data.police.uk street counts or the force's own
long-format counts), summed over each 12 months, or read at the month against a year before
for a stock (a headcount). A force's long-format indicators that the Home Office does not count
(officers, satisfaction) are its own figures beside its divisions'. The sources are never mixed
in one comparison.
"""

from __future__ import annotations

import contextlib
import itertools
import math
from dataclasses import dataclass
from typing import cast

import pandas as pd
from sqlite_utils import Database

from detectors.comparison import (
    Comparison,
    Level,
    Measure,
    MissingFigures,
    OutOfStep,
    Parent,
    Periods,
    combined,
    compare,
    listed,
    out_of_step,
    pooled_periods,
    unit_periods,
)
from months import to_month, to_ordinal
from storage.areas import Area, get_area, list_areas
from storage.catalogue import ClassificationBreak, Indicator, classification_breaks
from storage.figure_sources import HOME_OFFICE, LONG_FORMAT, STREET_LEVEL
from storage.force_areas import (
    NATIONAL_SLUG,
    containing,
    force_name,
    members,
    not_force_areas,
)
from storage.home_office import (
    has_figures,
    known_indicators,
    offences_for,
    period_ends,
    rolling_totals,
)
from storage.series import series, series_with_denominator

NATIONAL_LEVELS = ("force", "region", "group", "national")
LEVELS = (*NATIONAL_LEVELS, "division", "district")


class CompareProblem(LookupError):
    """Why this comparison cannot be made, in one line for a person."""


@dataclass(frozen=True)
class AreaComparison:
    indicator: Indicator
    area: Area
    source: str  # the measure every figure of the comparison is
    comparison: Comparison
    breaks: tuple[ClassificationBreak, ...]  # counting changes inside the 24 months
    notes: tuple[str, ...]  # the comparison's own, then the source's


def _is_national(indicator: Indicator, area: Area) -> bool:
    """Whether the area is compared on Home Office recorded crime (a force, region, group or
    England & Wales), not on its own figures beside its parents."""
    # The Home Office does not count a force's own indicators (officers, satisfaction): a force
    # is compared on its own figures for those.
    own = indicator.source == "long" and not offences_for(indicator)
    return area.kind in NATIONAL_LEVELS and not (own and area.kind == "force")


def default_month(db: Database, indicator: Indicator, area: Area) -> str:
    """The month compare takes when none is given: the Home Office table's latest period end
    for a national comparison, else the area's latest month with figures. Raises
    CompareProblem when there is none."""
    if _is_national(indicator, area):
        return _national_figures(db, indicator, area)[1][-1]
    if get_area(db, area.slug) is None:
        raise _not_loaded(indicator, area)
    known = series(db, indicator.slug, area.slug).dropna()
    if known.empty:
        raise CompareProblem(f"{area.name} has no figures of {indicator.name}")
    return str(known.index[-1])


def compare_area(db: Database, indicator: Indicator, area: Area, month: str) -> AreaComparison:
    """Raises CompareProblem when the data cannot answer."""
    if _is_national(indicator, area):
        return _national(db, indicator, area, month)
    if area.kind in ("division", "district", "force"):
        return _local(db, indicator, area, month)
    raise CompareProblem(
        f"{area.name} is not a force, region, group, division or district: compare sets a force "
        "beside its region, groups and England & Wales, and a division or district beside "
        "its force"
    )


# How old the latest Home Office period end may be for an alert's month to be set beside it:
# the table is quarterly, so a month is at most two after the quarter it falls in.
RECENT_PERIOD_MONTHS = 2


def force_out_of_step(
    db: Database, indicator: Indicator, area: Area, month: str
) -> OutOfStep | None:
    """The force beside England & Wales (else its region) on Home Office recorded crime in the
    12 months to the latest period end at most RECENT_PERIOD_MONTHS before ``month``, when the
    two are out of step; None when they are not, or no such figures are loaded."""
    if area.kind != "force" or not offences_for(indicator):
        return None
    at = to_ordinal(month)
    recent = [e for e in period_ends(db) if 0 <= at - to_ordinal(e) <= RECENT_PERIOD_MONTHS]
    if not recent:
        return None
    try:
        compared = _national(db, indicator, area, recent[-1])
    except CompareProblem:
        return None  # this force or the year before is not in the table: nothing to set beside
    return out_of_step(compared.comparison)


def _breaks(db: Database, indicator: Indicator, month: str) -> tuple[ClassificationBreak, ...]:
    first = to_month(to_ordinal(month) - 23)
    return tuple(
        b
        for b in classification_breaks(db)
        if b.indicator == indicator.slug and first < b.month <= month
    )


def _break_notes(breaks: tuple[ClassificationBreak, ...]) -> tuple[str, ...]:
    return tuple(
        f"counting change from {b.month} inside the two periods ({b.reason}): they are not "
        "like for like"
        for b in breaks
    )


# Home Office recorded crime -------------------------------------------------------------------


def _national_figures(
    db: Database, indicator: Indicator, area: Area
) -> tuple[tuple[str, ...], list[str]]:
    """The Home Office offences the indicator sums and the period ends loaded; raises
    CompareProblem when there is nothing to compare the area on."""
    offences = offences_for(indicator)
    if not offences:
        raise CompareProblem(
            f"no national figures for {indicator.name}: the Home Office recorded-crime table "
            f"does not count it (it has {', '.join(known_indicators())})"
        )
    ends = period_ends(db)
    if not ends:
        raise CompareProblem(
            "no national figures are loaded: ingest the Home Office force-area table "
            "(rec-crime-pfa.csv) first"
        )
    if area.kind == "force" and not has_figures(db, area.slug):
        raise CompareProblem(
            f"no national figures for {area.name}: the Home Office table loaded has none for "
            "it (compare one of its divisions or districts with it instead)"
        )
    return offences, ends


def _national(db: Database, indicator: Indicator, area: Area, month: str) -> AreaComparison:
    offences, ends = _national_figures(db, indicator, area)
    previous = to_month(to_ordinal(month) - 12)
    _check_period_ends(ends, month, previous)
    totals = rolling_totals(db, offences, (month, previous))
    figures: dict[str, Periods] = {}
    for force, values in totals.items():
        try:
            figures[force] = unit_periods(values, month, "rolling-total")
        except MissingFigures:
            continue  # a force without both figures is left out (and named by the comparison)
    national = tuple(members(db, NATIONAL_SLUG))
    names = {slug: force_name(db, slug) for slug in national}
    if area.kind == "force":
        if area.slug not in figures:
            raise CompareProblem(
                f"no national figures for {indicator.name} in {area.name} for the 12 months "
                f"to {month} and to {previous}"
            )
        parents = _containing(db, area.slug)
    else:
        held = members(db, area.slug)
        absent = [names.get(m, m) for m in held if m not in figures]
        if absent or not held:
            raise CompareProblem(
                f"no total for {area.name}: {len(held) - len(absent)} of its {len(held)} forces "
                f"have {indicator.name} figures for the 12 months to {month} and to {previous} "
                f"(none for {listed(absent)})"
            )
        figures[area.slug] = combined([figures[m] for m in held])
        parents = [Parent("national", NATIONAL_SLUG, _name(db, NATIONAL_SLUG), national)]
    breaks = _breaks(db, indicator, month)
    comparison = compare(
        indicator=indicator.slug,
        month=month,
        measure="rolling-total",
        source=HOME_OFFICE,
        bad_direction=indicator.bad_direction,
        subject=(_level(area), area.slug, area.name),
        figures=figures,
        parents=parents,
        names=names,
    )
    left_out = sorted(not_force_areas())
    notes = (
        *comparison.notes,
        *_break_notes(breaks),
        f"England & Wales is its {len(national)} police force areas: "
        f"{', '.join(left_out[:-1])} and {left_out[-1]} are not force areas and are in no "
        "total",
    )
    return AreaComparison(indicator, area, HOME_OFFICE, comparison, breaks, notes)


def _check_period_ends(ends: list[str], month: str, previous: str) -> None:
    loaded = ", ".join(ends) if len(ends) <= 8 else f"{len(ends)} from {ends[0]} to {ends[-1]}"
    if month > ends[-1] or month < ends[0]:
        raise CompareProblem(
            f"{month} is outside the data: the Home Office period ends loaded are {loaded}"
        )
    if month not in ends:
        before = max(e for e in ends if e < month)
        after = min(e for e in ends if e > month)
        raise CompareProblem(
            f"{month} is not a period end of the Home Office table: its figures are 12-month "
            f"totals to the end of a quarter (of March only, to 2007), and the nearest loaded "
            f"are {before} and {after}"
        )
    if previous not in ends:
        raise CompareProblem(
            f"no Home Office figures for the 12 months to {previous}, the period before "
            f"{month}: the period ends loaded are {loaded}"
        )


def _level(area: Area) -> Level:
    if area.kind not in LEVELS:
        raise CompareProblem(f"{area.name} is a {area.kind} area: compare has no level for it")
    return cast(Level, area.kind)


def _containing(db: Database, force: str) -> list[Parent]:
    """The force's region, its groups and England & Wales, each with its forces."""
    return [
        Parent(_level(Area(slug, name, kind, None)), slug, name, tuple(members(db, slug)))
        for slug, name, kind in containing(db, force)
    ]


def _name(db: Database, slug: str) -> str:
    found = get_area(db, slug)
    return found.name if found else slug


# A division or district against its force; a force on its own long-format figures ----------


def _not_loaded(indicator: Indicator, area: Area) -> CompareProblem:
    # A force named only by the national table: it has none of its own figures.
    return CompareProblem(
        f"{area.name} has no figures of {indicator.name} of its own: only its Home Office "
        "recorded crime is loaded, which does not count it"
    )


def _local(db: Database, indicator: Indicator, area: Area, month: str) -> AreaComparison:
    source = LONG_FORMAT if indicator.source == "long" else STREET_LEVEL
    areas = list_areas(db)
    by_slug = {a.slug: a for a in areas}
    if area.slug not in by_slug:
        raise _not_loaded(indicator, area)
    chain = [area]  # the area, its division (for a district), its force
    while chain[-1].parent in by_slug and len(chain) < 3:
        chain.append(by_slug[chain[-1].parent])
    figures = {area.slug: _periods(db, indicator, area, month, source)}
    parents: list[Parent] = []
    for child, parent in itertools.pairwise(chain):
        own = _periods(db, indicator, parent, month, source)
        # Ranked among the areas of its kind in the same parent: a division among the force's.
        siblings = tuple(a.slug for a in areas if a.parent == parent.slug and a.kind == child.kind)
        for sibling in siblings:
            if sibling not in figures:
                with contextlib.suppress(CompareProblem):
                    figures[sibling] = _periods(db, indicator, by_slug[sibling], month, source)
        parents.append(Parent(_level(parent), parent.slug, parent.name, siblings, own))
    breaks = _breaks(db, indicator, month)
    comparison = compare(
        indicator=indicator.slug,
        month=month,
        measure=_measure(indicator),
        source=source,
        bad_direction=indicator.bad_direction,
        subject=(_level(area), area.slug, area.name),
        figures=figures,
        parents=parents,
        names={a.slug: a.name for a in areas},
    )
    notes = (*comparison.notes, *_break_notes(breaks))
    return AreaComparison(indicator, area, source, comparison, breaks, notes)


def _measure(indicator: Indicator) -> Measure:
    if indicator.measure in ("stock", "proportion"):
        return indicator.measure
    return "monthly-count"


def _periods(db: Database, indicator: Indicator, area: Area, month: str, source: str) -> Periods:
    if indicator.measure == "proportion":
        frame = series_with_denominator(db, indicator.slug, area.slug)
        values = _finite(frame["value"])
    else:
        values = _finite(series(db, indicator.slug, area.slug))
    try:
        if indicator.measure == "proportion":
            return pooled_periods(values, _finite(frame["denominator"]), month)
        return unit_periods(values, month, _measure(indicator))
    except MissingFigures as exc:
        have = f"it has {min(values)} to {max(values)}" if values else "it has none"
        needs = (
            f"{month} and a year before"
            if indicator.measure == "stock"
            else f"the 24 months to {month}"
        )
        raise CompareProblem(
            f"{area.name} has no figures of {indicator.name} ({source}) for "
            f"{month_ranges(exc.months)} (compare needs {needs}); {have}"
        ) from None


def _finite(values: pd.Series) -> dict[str, float]:
    return {str(m): float(v) for m, v in values.items() if math.isfinite(float(v))}


def month_ranges(months: tuple[str, ...]) -> str:
    """``2016-07, 2016-08, 2016-09, 2017-01`` -> ``2016-07 to 2016-09, 2017-01``."""
    ordinals = sorted(to_ordinal(m) for m in months)
    runs: list[list[int]] = []
    for o in ordinals:
        if runs and o == runs[-1][-1] + 1:
            runs[-1].append(o)
        else:
            runs.append([o])
    return ", ".join(
        to_month(r[0]) if len(r) == 1 else f"{to_month(r[0])} to {to_month(r[-1])}" for r in runs
    )
