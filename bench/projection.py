"""Back-test of the financial-year projection on real data, against naive projections (by hand).

    .venv/bin/python bench/projection.py

Each series is cut at an origin month and the total of its year projected four ways:
- ets: detectors.projection (seasonal ETS on the logs, interval from simulated futures);
- ets damped: the same with a damped trend;
- seasonal naive: the year's remaining months as the same months a year before (the last 12
  months repeated);
- year to date: the previous year's total scaled by this year's months so far against the
  same months a year before.
Scored against the actual total: MAPE (mean absolute percentage error), ETS's bias (mean signed
error), how often the ETS intervals held the actual total (their coverage, nominal 90%: the
interval reported, the model's own before detectors.projection widens it for the months left,
and the damped model's) and how wide the reported one was (the median: a few small series'
intervals are many times their total); by how many of the year's 12 months were known at the
origin (1-3, 4-6, 7-9, 10-11): early in the year most of it is projected, late in the year most
of it is counted.

The years scored, each from every origin that the projection is made from (24 months of data
to it, detectors.projection.MIN_MONTHS):
- the financial year (April to March) that these data hold whole after two years: 2021/22 for
  Lancashire (origins 2021-11 to 2022-02, with 8 to 11 months known), 2024/25 for the Met
  (2024-12 to 2025-02, 9 to 11). No whole financial year here can be projected from its first
  months with two years of data behind it, so:
- the last 12 months of the data, as a year (Lancashire 2021-11 to 2022-10, the Met 2025-01 to
  2025-12), from every origin in it (1 to 11 months known). ETS knows the season by its
  position in the series, not by the calendar's names for the months, so the same code projects
  it with the months relabelled to start the year in an April; the naive methods are positional
  too.

Data: the bundled Lancashire counts (data.police.uk, 2019-12 to 2022-10: the force and its
three divisions x 14 categories; three months missing) and, when ../shared/data is there, the
Met's 2023-2025 monthly counts (14 categories). Takes about seven minutes.
"""

from __future__ import annotations

import csv
import os
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from detectors.projection import APRIL, financial_year_start, project_financial_year
from months import to_month, to_ordinal
from storage.demo_data import demo_counts

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(
    os.environ.get("SCRUTINY_SHARED_DATA") or ROOT.parent / "shared" / "data"
)  # a worktree sets the variable: ../shared is not beside it
MET = SHARED / "met-police-monthly-2023-2025" / "monthly_by_crime.csv"
AREAS = ROOT / "storage" / "data" / "lancashire-areas.csv"


def lancashire() -> dict[str, pd.Series]:
    division_of = {}
    with AREAS.open(newline="") as handle:
        for row in csv.DictReader(handle):
            division_of[row["local_authority"]] = row["division"]
    totals: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for month, rows in demo_counts().items():
        for district, crime_type, count in rows:
            totals[("Lancashire", crime_type)][month] += count
            division = division_of.get(district)
            if division is not None:
                totals[(division, crime_type)][month] += count
    return {f"Lancashire {area}: {kind}": _series(v) for (area, kind), v in totals.items()}


def met() -> dict[str, pd.Series]:
    if not MET.exists():
        return {}
    totals: dict[str, dict[str, float]] = defaultdict(dict)
    with MET.open(newline="") as handle:
        for row in csv.DictReader(handle):
            totals[row["crime_type"]][row["month"][:7]] = float(row["count"])
    return {f"Met: {kind}": _series(v) for kind, v in totals.items()}


def _series(by_month: dict[str, float]) -> pd.Series:
    index = pd.period_range(min(by_month), max(by_month), freq="M")
    return pd.Series([by_month.get(str(p), np.nan) for p in index], index=index, dtype=float)


def naive(series: pd.Series, as_of: str) -> tuple[float, float]:
    """(seasonal naive, year to date) year-end totals from the months to ``as_of``."""
    seen = series[: pd.Period(as_of, "M")].interpolate(limit_area="inside")
    first, month = financial_year_start(as_of), to_ordinal(as_of)
    value = {to_ordinal(str(p)): float(v) for p, v in seen.items()}
    so_far = sum(value[o] for o in range(first, month + 1))
    rest = sum(value[o - 12] for o in range(month + 1, first + 12))
    last_year = sum(value[o] for o in range(first - 12, first))
    same_months = sum(value[o - 12] for o in range(first, month + 1))
    return so_far + rest, last_year * so_far / same_months


BANDS = ((1, 3), (4, 6), (7, 9), (10, 11))  # months of the year known at the origin
METHODS = ("ets", "ets damped", "seasonal naive", "year to date")


@dataclass(frozen=True)
class Scored:
    """One series' year projected from one origin."""

    known: int  # months of the year known at the origin
    errors: dict[str, float]  # by method: (projected - actual) / actual
    covered: bool  # the ETS interval held the actual total
    covered_model: bool  # the model's own interval, before detectors.projection widens it
    covered_damped: bool
    width: float  # the ETS interval's width / actual


def band(known: int) -> str:
    return next(f"{low}-{high}" for low, high in BANDS if low <= known <= high)


def years(series: pd.Series, financial_year: str) -> list[str]:
    """First months of the years scored: the financial year from ``financial_year`` and the
    data's last 12 months."""
    last = to_ordinal(str(series.index[-1]))
    return [financial_year, to_month(last - 11)]


def relabelled(series: pd.Series, first: str) -> tuple[pd.Series, int]:
    """The series with its months moved so that ``first`` is an April, and by how many."""
    shift = (APRIL - to_ordinal(first)) % 12
    return pd.Series(series.to_numpy(), index=series.index + shift), shift


def score_year(series: pd.Series, first: str) -> list[Scored]:
    """The year starting at ``first`` projected from each of its first 11 months that has
    enough history; none when the year is not whole in the data or too small to score."""
    start = pd.Period(first, "M")
    year = series[start : start + 11]
    if year.size < 12 or year.isna().any() or year.sum() < 100:
        return []  # no whole year to score, or too few to score in percentages
    actual = float(year.sum())
    moved, shift = relabelled(series, first)
    scored = []
    for known in range(1, 12):
        as_of = to_month(to_ordinal(first) + shift + known - 1)
        projection = project_financial_year(moved, indicator="x", area="x", as_of=as_of)
        damped = project_financial_year(moved, indicator="x", area="x", as_of=as_of, damped=True)
        if projection is None or damped is None:
            continue  # too little history at this origin: the report makes no projection
        seasonal, to_date = naive(moved, as_of)
        values = (projection.projected, damped.projected, seasonal, to_date)
        scored.append(
            Scored(
                known=known,
                errors={m: (v - actual) / actual for m, v in zip(METHODS, values, strict=True)},
                covered=projection.lower <= actual <= projection.upper,
                covered_model=projection.model_lower <= actual <= projection.model_upper,
                covered_damped=damped.lower <= actual <= damped.upper,
                width=(projection.upper - projection.lower) / actual,
            )
        )
    return scored


def row(label: str, group: str, scored: list[Scored]) -> str:
    mape = [100 * np.mean([abs(s.errors[m]) for s in scored]) for m in METHODS]
    bias = 100 * np.mean([s.errors["ets"] for s in scored])
    cover = 100 * np.mean([s.covered for s in scored])
    model = 100 * np.mean([s.covered_model for s in scored])
    cover_damped = 100 * np.mean([s.covered_damped for s in scored])
    width = 100 * np.median([s.width for s in scored])  # a few small series' are huge
    return (
        f"{label:<11}{group:<7}{len(scored):>6}"
        + "".join(f"{m:>8.1f}%" for m in mape)
        + f"{bias:>+7.1f}%{cover:>6.0f}%{model:>6.0f}%{cover_damped:>7.0f}%{width:>6.1f}%"
    )


def main() -> None:
    started = time.perf_counter()
    panels = [("Lancashire", lancashire(), "2021-04"), ("Met", met(), "2024-04")]
    results: dict[str, list[Scored]] = defaultdict(list)
    for source, panel, financial_year in panels:
        for series in panel.values():
            for first in years(series, financial_year):
                results[source] += score_year(series, first)
    print("A year's total projected from each origin: MAPE by method, the ETS bias, and the")
    print("ETS 90% intervals (coverage as reported, the model's own before widening, damped,")
    print("and the reported interval's median width), by months of the year known at the origin")
    print(
        f"{'data':<11}{'known':<7}{'cases':>6}{'ets':>9}{'damped':>9}{'s.naive':>9}"
        f"{'to date':>9}{'bias':>8}{'cover':>7}{'model':>7}{'damped':>7}{'width':>7}"
    )
    for source, scored in results.items():
        for low, high in BANDS:
            group = [s for s in scored if low <= s.known <= high]
            if group:
                print(row(source, band(low), group))
        print(row(source, "all", scored))
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
