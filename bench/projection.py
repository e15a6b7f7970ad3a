"""Back-test of the financial-year projection on real data, against naive projections (by hand).

    .venv/bin/python bench/projection.py

For every origin month from which a complete, observed financial year can be projected with
two years of history behind it, each series is cut at the origin and its year-end total
projected four ways:
- ets: detectors.projection (seasonal ETS on the logs, interval from simulated futures);
- ets damped: the same with a damped trend;
- seasonal naive: the year's remaining months as the same months a year before (the last 12
  months repeated);
- year to date: the previous year's total scaled by this year's months so far against the
  same months a year before.
Scored against the actual total: MAPE (mean absolute percentage error) by origin, and how
often the ETS interval held the actual total (its coverage, nominal 90%).

Data: the bundled Lancashire counts (data.police.uk, 2019-12 to 2022-10: the force and its
three divisions x 14 categories; year 2021/22, origins 2021-11 to 2022-02, the first with 24
months behind them, three missing) and, when ../shared/data is there, the Met's 2023-2025
monthly counts (14 categories; year 2024/25, origins 2024-12 to 2025-02). Takes about eight
minutes.
"""

from __future__ import annotations

import csv
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from detectors.projection import financial_year_start, project_financial_year
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


def origins(series: pd.Series, year_first: str) -> list[str]:
    """Origins from which the year starting ``year_first`` is projected with 24 months behind."""
    first = to_ordinal(year_first)
    start = to_ordinal(str(series.index[0]))
    return [to_month(o) for o in range(max(first - 1, start + 23), first + 11)]


def main() -> None:
    started = time.perf_counter()
    panels = [(lancashire(), "2021-04"), (met(), "2024-04")]
    errors: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    covered: dict[tuple[str, str], list[bool]] = defaultdict(list)
    covered_damped: dict[tuple[str, str], list[bool]] = defaultdict(list)
    width: dict[tuple[str, str], list[float]] = defaultdict(list)
    for panel, year_first in panels:
        source = "Lancashire" if "Lancashire" in next(iter(panel), "Lancashire") else "Met"
        for series in panel.values():
            year = series[pd.Period(year_first, "M") : pd.Period(year_first, "M") + 11]
            if year.size < 12 or year.isna().any() or year.sum() < 100:
                continue  # no complete year to score, or too few to score in percentages
            actual = float(year.sum())
            for as_of in origins(series, year_first):
                projection = project_financial_year(
                    series, indicator="x", area="x", as_of=as_of, damped=False
                )
                damped = project_financial_year(
                    series, indicator="x", area="x", as_of=as_of, damped=True
                )
                if projection is None or damped is None:
                    continue
                seasonal, to_date = naive(series, as_of)
                key = (source, as_of)
                for method, value in (
                    ("ets", projection.projected),
                    ("ets damped", damped.projected),
                    ("seasonal naive", seasonal),
                    ("year to date", to_date),
                ):
                    errors[(*key, method)].append(abs(value - actual) / actual)
                covered[key].append(projection.lower <= actual <= projection.upper)
                covered_damped[key].append(damped.lower <= actual <= damped.upper)
                width[key].append((projection.upper - projection.lower) / actual)
    methods = ("ets", "ets damped", "seasonal naive", "year to date")
    print("Financial-year total projected from each origin: MAPE, and the ETS 90% intervals")
    print(
        f"{'data':<11}{'origin':<9}{'series':>7}{'ets':>8}{'damped':>8}{'s.naive':>9}"
        f"{'to date':>9}{'cover':>7}{'damped':>8}{'width':>7}"
    )
    for source, as_of in sorted(covered):
        key = (source, as_of)
        row = [100 * np.mean(errors[(*key, m)]) for m in methods]
        print(
            f"{source:<11}{as_of:<9}{len(covered[key]):>7}{row[0]:>7.1f}%{row[1]:>7.1f}%"
            f"{row[2]:>8.1f}%{row[3]:>8.1f}%{100 * np.mean(covered[key]):>6.0f}%"
            f"{100 * np.mean(covered_damped[key]):>7.0f}%{100 * np.mean(width[key]):>6.1f}%"
        )
    for source in sorted({s for s, _ in covered}):
        keys = [k for k in covered if k[0] == source]
        row = [100 * np.mean([e for k in keys for e in errors[(*k, m)]]) for m in methods]
        cover = 100 * np.mean([c for k in keys for c in covered[k]])
        cover_damped = 100 * np.mean([c for k in keys for c in covered_damped[k]])
        count = sum(len(covered[k]) for k in keys)
        print(
            f"{source:<11}{'all':<9}{count:>7}{row[0]:>7.1f}%{row[1]:>7.1f}%{row[2]:>8.1f}%"
            f"{row[3]:>8.1f}%{cover:>6.0f}%{cover_damped:>7.0f}%"
        )
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
