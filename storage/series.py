"""Monthly series per indicator and area, as the detectors take them.

A month for which no data was loaded is NaN, never zero: for street-level indicators a month
exists when the force's file for it was ingested; for long-format ones when a value was.
"""

from __future__ import annotations

import difflib

import pandas as pd
from sqlite_utils import Database

from storage.areas import Area, get_area, list_areas, resolve_area, slugify
from storage.catalogue import Indicator, indicators
from storage.errors import LookupProblem


def resolve_indicator(db: Database, text: str) -> Indicator:
    """The indicator a person meant: slug, display name, prefix or a close match."""
    catalogue = indicators(db)
    wanted = slugify(text)
    for indicator in catalogue.values():
        if wanted in (indicator.slug, slugify(indicator.name)):
            return indicator
    starts = [
        i
        for i in catalogue.values()
        if wanted and (i.slug.startswith(wanted) or slugify(i.name).startswith(wanted))
    ]
    if len(starts) == 1:
        return starts[0]
    close = difflib.get_close_matches(wanted, list(catalogue), n=3, cutoff=0.6)
    raise LookupProblem("indicator", text, [s.slug for s in starts] or close)


def _street_slugs(indicator: Indicator) -> tuple[str, ...]:
    return indicator.components if indicator.source == "derived" else (indicator.slug,)


def _area_filter(db: Database, area: Area) -> tuple[str, list[str]]:
    """SQL condition on street_counts (alias c) selecting the area's rows, and its parameters."""
    if area.kind == "force":
        return "c.force = ?", [area.slug]
    if area.kind == "division":
        districts = [
            a.slug for a in list_areas(db) if a.kind == "district" and a.parent == area.slug
        ]
        return f"c.district IN ({','.join('?' * len(districts))})", districts
    return "c.district = ?", [area.slug]


def series(db: Database, indicator: str, area: str) -> pd.Series:
    """Monthly values (PeriodIndex, freq M; NaN = missing month) of one indicator in one area.

    ``indicator`` and ``area`` are slugs; raises LookupProblem when either is unknown.
    Empty when the area has no data for the indicator.
    """
    found = indicators(db).get(indicator) or resolve_indicator(db, indicator)
    place = get_area(db, area) or resolve_area(db, area)
    if found.source == "long":
        frame = series_with_denominator(db, found.slug, place.slug)
        if found.unit == "proportion":
            return (frame["value"] / frame["denominator"]).rename(found.slug)
        return frame["value"].rename(found.slug)
    return _street_series(db, found, place)


def _street_series(db: Database, indicator: Indicator, area: Area) -> pd.Series:
    condition, params = _area_filter(db, area)
    slugs = _street_slugs(indicator)
    values = {
        row[0]: row[1]
        for row in db.execute(
            f"SELECT c.month, SUM(c.count) FROM street_counts c WHERE {condition} "
            f"AND c.indicator IN ({','.join('?' * len(slugs))}) GROUP BY c.month",
            [*params, *slugs],
        ).fetchall()
    }
    # The months this area has data for: every month a file of a force covering it was loaded.
    months = [
        row[0]
        for row in db.execute(
            "SELECT DISTINCT f.month FROM street_files f WHERE f.force IN "
            f"(SELECT DISTINCT c.force FROM street_counts c WHERE {condition}) ORDER BY f.month",
            params,
        ).fetchall()
    ]
    return _monthly(months, {m: float(values.get(m, 0)) for m in months}, indicator.slug)


def unlocated_series(db: Database, force: str) -> pd.Series:
    """Crimes (ASB excluded) of a force recorded with no LSOA, by month: the force counts them
    and no district or division does. NaN where the force's month was not loaded."""
    slugs = indicators(db)["all-crime"].components
    values = dict(
        db.execute(
            f"SELECT month, SUM(count) FROM street_counts WHERE force = ? AND district = '' "
            f"AND indicator IN ({','.join('?' * len(slugs))}) GROUP BY month",
            [force, *slugs],
        ).fetchall()
    )
    months = [
        r[0]
        for r in db.execute(
            "SELECT month FROM street_files WHERE force = ? ORDER BY month", [force]
        )
    ]
    return _monthly(months, {m: float(values.get(m, 0)) for m in months}, "unlocated")


def series_with_denominator(db: Database, indicator: str, area: str) -> pd.DataFrame:
    """Long-format values and denominators (NaN where none), indexed by month."""
    rows = db.execute(
        "SELECT month, value, denominator FROM measures WHERE indicator = ? AND area = ? "
        "ORDER BY month",
        [indicator, area],
    ).fetchall()
    months = [r[0] for r in rows]
    value = _monthly(months, {r[0]: r[1] for r in rows}, "value")
    denominator = _monthly(months, {r[0]: r[2] for r in rows}, "denominator")
    return pd.DataFrame({"value": value, "denominator": denominator})


def _monthly(months: list[str], values: dict[str, float | None], name: str) -> pd.Series:
    if not months:
        return pd.Series([], index=pd.PeriodIndex([], freq="M"), dtype=float, name=name)
    index = pd.period_range(min(months), max(months), freq="M")
    data = [values.get(str(p)) for p in index]
    return pd.Series(
        [float("nan") if v is None else float(v) for v in data], index=index, dtype=float, name=name
    )


def available_series(db: Database) -> list[tuple[str, str]]:
    """Every (indicator, area) pair with data, street-level and long-format."""
    catalogue = indicators(db)
    street = [i for i in catalogue.values() if i.source in ("police-uk", "derived")]
    pairs: list[tuple[str, str]] = []
    has_street = {r[0] for r in db.execute("SELECT DISTINCT force FROM street_counts")}
    with_districts = {r[0] for r in db.execute("SELECT DISTINCT district FROM street_counts")}
    areas = list_areas(db)
    for area in areas:
        covered = (
            area.slug in has_street
            or (area.kind == "district" and area.slug in with_districts)
            or (
                area.kind == "division"
                and any(a.parent == area.slug and a.slug in with_districts for a in areas)
            )
        )
        if covered:
            pairs.extend((i.slug, area.slug) for i in street)
    pairs.extend(
        (r[0], r[1])
        for r in db.execute(
            "SELECT DISTINCT indicator, area FROM measures ORDER BY indicator, area"
        )
    )
    return pairs


def located_series(db: Database, indicator: str, area: str) -> pd.Series:
    """A division's or district's monthly street-level values counting its share of the
    force's crimes with no location (NaN = month not loaded).

    A force's police.uk files place some crimes nowhere (no LSOA): the force counts them, no
    district does. Their share moves from month to month (Lancashire: 3% to 23% in 2019-2022),
    and every division and district moves with it while the force stays flat. Here each
    category's unlocated crimes of a month go to the districts in proportion to their located
    crimes of that category that month, so districts add up to the force and a change in
    geocoding does not read as a change in crime. The values are estimates, not whole numbers.
    A force's own series is its plain count (it has nothing to share out).
    """
    found = indicators(db)[indicator]
    place = get_area(db, area)
    if place is None or found.source == "long" or place.kind == "force":
        return series(db, indicator, area)
    condition, params = _area_filter(db, place)
    slugs = _street_slugs(found)
    kinds = ",".join("?" * len(slugs))
    values = dict(
        db.execute(
            f"""
            WITH totals AS (
                SELECT force, month, indicator, SUM(count) AS total,
                       SUM(CASE WHEN district <> '' THEN count ELSE 0 END) AS located
                FROM street_counts
                WHERE indicator IN ({kinds})
                  AND force IN (SELECT DISTINCT c.force FROM street_counts c WHERE {condition})
                GROUP BY force, month, indicator
            )
            SELECT c.month, SUM(c.count * 1.0 * t.total / t.located)
            FROM street_counts c JOIN totals t
              ON t.force = c.force AND t.month = c.month AND t.indicator = c.indicator
            WHERE {condition} AND c.indicator IN ({kinds})
            GROUP BY c.month
            """,
            [*slugs, *params, *params, *slugs],
        ).fetchall()
    )
    plain = series(db, indicator, area)
    return plain.where(plain.isna(), plain.index.map(lambda m: float(values.get(str(m), 0.0))))
