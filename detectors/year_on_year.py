"""'In Year Performance' (the 12 months to a month) against the 'Previous 12 Month Period'."""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
import pandas as pd

from detectors.baseline import Unit
from detectors.finding import YearOnYear
from detectors.poisson import normal_tail, two_poisson_p, two_proportion_z
from detectors.series_arrays import aligned_denominators, monthly_arrays
from months import to_ordinal

MIN_MONTHS = 9  # of 12: fewer and the two years are not comparable, even annualised


def year_on_year(
    series: pd.Series,
    *,
    indicator: str,
    area: str,
    as_of: str,
    unit: Unit = "count",
    measure: Literal["flow", "stock", "proportion"] | None = None,
    denominators: pd.Series | None = None,
    alpha: float = 0.05,
) -> YearOnYear | None:
    """Totals (flows) or pooled proportions of the two periods and whether they differ; for a
    stock (a headcount), the value at ``as_of`` against the value a year before.

    Counts: the exact test for two Poisson counts, made no bolder than a quasi-Poisson test when
    the months vary more than Poisson (large counts nearly always do: a 1% rise in 50,000
    crimes is not news). With missing months the totals are annualised (x 12 / months seen).
    Proportions: a two-proportion z-test on respondents (no test without denominators).
    Stocks: no test (a headcount is a count of everyone, not a sample); None unless both
    months are known. ``measure`` defaults to the unit's: flow for counts.
    """
    month = to_ordinal(as_of)
    ordinals, values = monthly_arrays(series)
    if measure == "stock":
        return _stock(ordinals, values, indicator=indicator, area=area, as_of=as_of)
    dens = aligned_denominators(denominators, series)
    current = (ordinals > month - 12) & (ordinals <= month) & np.isfinite(values)
    previous = (ordinals > month - 24) & (ordinals <= month - 12) & np.isfinite(values)
    m_cur, m_prev = int(current.sum()), int(previous.sum())
    if m_cur < MIN_MONTHS or m_prev < MIN_MONTHS:
        return None
    p_value: float | None
    if unit != "proportion":
        cur, prev, p_value = _counts(ordinals, values, current, previous)
    else:
        cur, prev, p_value = _proportions(values, dens, current, previous)
    proportion = unit == "proportion"
    return _comparison(
        indicator,
        area,
        as_of,
        cur,
        prev,
        p_value=p_value,
        significant=p_value is not None and p_value < alpha,
        unit="proportion" if proportion else "count",
        months=(m_cur, m_prev),
        measure="proportion" if proportion else "flow",
    )


def _stock(
    ordinals: np.ndarray, values: np.ndarray, *, indicator: str, area: str, as_of: str
) -> YearOnYear | None:
    at = dict(zip(ordinals.tolist(), values.tolist(), strict=True))
    month = to_ordinal(as_of)
    cur, prev = at.get(month, math.nan), at.get(month - 12, math.nan)
    if not (math.isfinite(cur) and math.isfinite(prev)):
        return None
    return _comparison(
        indicator,
        area,
        as_of,
        cur,
        prev,
        p_value=None,
        significant=False,
        unit="count",
        months=(1, 1),
        measure="stock",
    )


def _comparison(
    indicator: str,
    area: str,
    as_of: str,
    cur: float,
    prev: float,
    *,
    p_value: float | None,
    significant: bool,
    unit: Literal["count", "proportion"],
    months: tuple[int, int],
    measure: Literal["flow", "stock", "proportion"],
) -> YearOnYear:
    return YearOnYear(
        indicator=indicator,
        area=area,
        as_of=as_of,
        current=cur,
        previous=prev,
        change=cur - prev,
        percent=None if prev == 0 else 100 * (cur - prev) / prev,
        p_value=p_value,
        significant=significant,
        unit=unit,
        months_current=months[0],
        months_previous=months[1],
        measure=measure,
    )


def _counts(
    ordinals: np.ndarray, values: np.ndarray, current: np.ndarray, previous: np.ndarray
) -> tuple[float, float, float]:
    s_cur, s_prev = float(values[current].sum()), float(values[previous].sum())
    m_cur, m_prev = int(current.sum()), int(previous.sum())
    p_value = two_poisson_p(s_cur, m_cur, s_prev, m_prev)
    # Overdispersion from the same calendar month a year apart (seasonality cancels out).
    this_year = dict(zip(ordinals[current], values[current], strict=True))
    pairs = [
        (this_year[o + 12], v)
        for o, v in zip(ordinals[previous], values[previous], strict=True)
        if o + 12 in this_year
    ]
    if len(pairs) >= 3:
        a, b = np.array(pairs).T
        dispersion = float(np.var(a - b, ddof=1) / np.mean(a + b)) if np.mean(a + b) > 0 else 1
        if dispersion > 1:
            r_cur, r_prev = s_cur / m_cur, s_prev / m_prev
            se = math.sqrt(dispersion * (r_cur / m_cur + r_prev / m_prev))
            p_value = max(p_value, 2 * normal_tail(abs(r_cur - r_prev) / se))
    scale_cur, scale_prev = 12 / m_cur, 12 / m_prev
    return s_cur * scale_cur, s_prev * scale_prev, min(p_value, 1.0)


def _proportions(
    values: np.ndarray, dens: np.ndarray | None, current: np.ndarray, previous: np.ndarray
) -> tuple[float, float, float | None]:
    if dens is None or not np.all(np.isfinite(dens[current | previous])):
        return float(values[current].mean()), float(values[previous].mean()), None
    n_cur, n_prev = float(dens[current].sum()), float(dens[previous].sum())
    p_cur = float((values[current] * dens[current]).sum()) / n_cur
    p_prev = float((values[previous] * dens[previous]).sum()) / n_prev
    z = two_proportion_z(p_cur, n_cur, p_prev, n_prev)
    return p_cur, p_prev, min(1.0, 2 * normal_tail(z))
