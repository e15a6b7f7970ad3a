"""Monthly series per indicator and area, as the detectors take them.

A month for which no data was loaded is NaN, never zero: for street-level indicators a month
exists when the force's file for it was ingested; for long-format ones when a value was.
"""

from __future__ import annotations

from typing import cast

import numpy as np
import pandas as pd
from sqlite_utils import Database

from storage.areas import Area, get_area, list_areas
from storage.catalogue import Indicator, indicators
from storage.errors import UnknownSlug


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

    ``indicator`` and ``area`` are exact slugs (what a person types is resolved in
    bot.use_cases.names); raises UnknownSlug when either is unknown. Empty when the area has no
    data for the indicator.
    """
    found = indicators(db).get(indicator)
    if found is None:
        raise UnknownSlug("indicator", indicator)
    place = get_area(db, area)
    if place is None:
        raise UnknownSlug("area", area)
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
    return _long_frame(rows)


def _long_frame(rows: list[tuple[str, float, float | None]]) -> pd.DataFrame:
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


# Each row of street_counts with its share of its force's crimes of that type and month with
# no location (located_series' arithmetic, row by row): what a run reads, in one query.
_ALL_STREET_COUNTS = """
WITH totals AS (
    SELECT force, month, indicator, SUM(count) AS total,
           SUM(CASE WHEN district <> '' THEN count ELSE 0 END) AS located
    FROM street_counts
    GROUP BY force, month, indicator
)
SELECT c.force, c.month, c.district, c.indicator, c.count,
       c.count * 1.0 * t.total / t.located AS shared
FROM street_counts c JOIN totals t
  ON t.force = c.force AND t.month = c.month AND t.indicator = c.indicator
"""


class _Table:
    """Sums by (area, indicator) and month, as a matrix: one row a series, one column a month
    (every month from the first loaded to the last; 0 where nothing was counted)."""

    def __init__(self, rows: pd.DataFrame, by: str, column: str, months: list[str]) -> None:
        wide = (
            rows.groupby([by, "target", "month"])[column]
            .sum()
            .unstack("month")
            .reindex(columns=months)
        )
        self.values = wide.fillna(0.0).to_numpy(dtype=float)
        self.row = {cast(tuple[str, str], key): n for n, key in enumerate(wide.index)}


class AllSeries:
    """Every series in the database, from one read of each table: what a run loads.

    ``series``, ``located`` and ``unlocated`` give what the functions of the same names give
    one query at a time (``located`` within floating-point rounding: its sums add in another
    order), at a cost that grows with the rows read, not with series x table size. A run
    reads thousands of series; the per-series functions suit the few a query or a digest needs.
    """

    def __init__(self, db: Database) -> None:
        self.db = db
        self.areas = {a.slug: a for a in list_areas(db)}
        rows = pd.read_sql_query(_ALL_STREET_COUNTS, db.conn)
        self._months: dict[str, list[str]] = {}
        for force, month in db.execute("SELECT force, month FROM street_files ORDER BY month"):
            self._months.setdefault(force, []).append(month)
        loaded = [m for months in self._months.values() for m in months]
        self._labels = (
            [str(p) for p in pd.period_range(min(loaded), max(loaded), freq="M")] if loaded else []
        )
        self._column = {label: n for n, label in enumerate(self._labels)}
        self._with_rows = set(rows["force"].unique())
        self._forces_in = {
            district: frozenset(forces)
            for district, forces in rows.groupby("district")["force"].unique().items()
        }
        self._districts_of: dict[str, list[str]] = {}
        for a in self.areas.values():
            if a.kind == "district" and a.parent:
                self._districts_of.setdefault(a.parent, []).append(a.slug)
        street = [i for i in indicators(db).values() if i.source in ("police-uk", "derived")]
        members = pd.DataFrame(
            [(slug, i.slug) for i in street for slug in _street_slugs(i)],
            columns=["indicator", "target"],
        )
        counted = rows.merge(members, on="indicator")
        counted["division"] = counted["district"].map(
            {d: division for division, ds in self._districts_of.items() for d in ds}
        )
        located = counted[counted["district"] != ""]
        self._plain = {
            kind: _Table(counted, kind, "count", self._labels)
            for kind in ("force", "division", "district")
        }
        self._shared = {
            kind: _Table(located, kind, "shared", self._labels) for kind in ("division", "district")
        }
        crimes = rows[
            (rows["district"] == "")
            & rows["indicator"].isin(indicators(db)["all-crime"].components)
        ].assign(target="unlocated")
        self._unlocated = _Table(crimes, "force", "count", self._labels)
        self._spans: dict[frozenset[str], tuple[pd.PeriodIndex, int, np.ndarray]] = {}
        self._measures: dict[tuple[str, str], list[tuple[str, float, float | None]]] = {}
        for indicator, area, month, value, denominator in db.execute(
            "SELECT indicator, area, month, value, denominator FROM measures ORDER BY month"
        ):
            self._measures.setdefault((indicator, area), []).append((month, value, denominator))

    def series(self, indicator: Indicator, area: Area) -> pd.Series:
        """As ``series(db, indicator.slug, area.slug)``."""
        if indicator.source == "long":
            frame = self.with_denominator(indicator, area)
            if indicator.unit == "proportion":
                return (frame["value"] / frame["denominator"]).rename(indicator.slug)
            return frame["value"].rename(indicator.slug)
        kind = _street_kind(area)
        return self._series(self._plain[kind], area.slug, indicator.slug, self._forces(area))

    def located(self, indicator: Indicator, area: Area) -> pd.Series:
        """As ``located_series(db, indicator.slug, area.slug)``."""
        if indicator.source == "long" or area.kind == "force":
            return self.series(indicator, area)
        kind = _street_kind(area)
        return self._series(self._shared[kind], area.slug, indicator.slug, self._forces(area))

    def unlocated(self, force: str) -> pd.Series:
        """As ``unlocated_series(db, force)``."""
        return self._series(self._unlocated, force, "unlocated", frozenset([force]))

    def with_denominator(self, indicator: Indicator, area: Area) -> pd.DataFrame:
        """As ``series_with_denominator(db, indicator.slug, area.slug)``."""
        return _long_frame(self._measures.get((indicator.slug, area.slug), []))

    def _series(self, table: _Table, area: str, name: str, forces: frozenset[str]) -> pd.Series:
        """The area's row of ``table`` over the months of ``forces``, NaN where not loaded."""
        if forces not in self._spans:
            self._spans[forces] = self._span(forces)
        index, first, loaded = self._spans[forces]
        if not len(index):
            return _monthly([], {}, name)
        row = table.row.get((area, name))
        values = (
            np.zeros(len(index)) if row is None else table.values[row, first : first + len(index)]
        )
        return pd.Series(np.where(loaded, values, np.nan), index=index, dtype=float, name=name)

    def _span(self, forces: frozenset[str]) -> tuple[pd.PeriodIndex, int, np.ndarray]:
        """The months from the forces' first loaded to their last, where the first falls in the
        matrix, and which of them were loaded."""
        months = sorted({m for f in forces for m in self._months.get(f, [])})
        if not months:
            return pd.PeriodIndex([], freq="M"), 0, np.zeros(0, dtype=bool)
        first, last = self._column[months[0]], self._column[months[-1]]
        loaded = np.zeros(last - first + 1, dtype=bool)
        loaded[[self._column[m] - first for m in months]] = True
        return pd.period_range(months[0], months[-1], freq="M"), first, loaded

    def _forces(self, area: Area) -> frozenset[str]:
        """The forces with counts in the area: their months are its months (as _street_series)."""
        if area.kind == "force":
            return frozenset({area.slug} & self._with_rows)
        if area.kind == "division":
            districts = self._districts_of.get(area.slug, [])
            return frozenset().union(*(self._forces_in.get(d, frozenset()) for d in districts))
        return self._forces_in.get(area.slug, frozenset())


def _street_kind(area: Area) -> str:
    """Which sums an area's street series are: a force's, a division's districts', else those
    of the district of its slug (as _area_filter)."""
    return area.kind if area.kind in ("force", "division") else "district"
