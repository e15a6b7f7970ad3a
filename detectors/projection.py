"""The financial year (April to March) projected "if current trends are maintained".

Seasonal exponential smoothing (ETS: additive errors, damped additive trend, additive annual
season) on the log of the counts, so the season and the trend are multiplicative and a
projection never goes below zero. The interval comes from simulated futures of the fitted
model, summed month by month into the year's total: the months of one path are correlated, so
adding up monthly intervals would be wrong. That spread is the model's own: the noise of the
months to come, with the fitted trend and season taken as known. On real data the year strays
further, the more of it is left to project: in bench/projection.py's back-test on Lancashire's
2019-2022 counts (the force and its divisions, 14 categories) the model's 90% interval held the
year's total 60% of the time with 1 to 3 months of the year known and 87% with 10 or 11. So the
spread about the median is widened by WIDEN_A_MONTH for each month projected after the first, to
at most WIDEST (calibrated on Lancashire, where it then holds 89-96%; checked on the Met's
2023-2025 counts, where coverage rose from 64-91% to 74-93%). Missing months are filled by
straight lines between their neighbours for the fit (ETS needs a regular series) and are
counted as estimated.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.tools.sm_exceptions import ConvergenceWarning
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

from detectors.series_arrays import monthly_arrays
from months import to_month, to_ordinal

MIN_MONTHS = 24  # two full years: fewer and the season cannot be told from the noise
MAX_FILLED = 4  # of them, at most this many missing (filled in)
LEVEL = 0.9  # the interval's coverage, as the model sees it
PATHS = 2000  # simulated futures
SEED = 2017  # simulations are seeded: the same data give the same projection
APRIL = 3  # ordinal % 12 of April
DAMPED = False  # a damped trend flattens a sustained rise (see bench/projection.py)
WIDEN_A_MONTH = 0.25  # the spread's widening for each month projected after the first
WIDEST = 2.25  # reached from six months projected


@dataclass(frozen=True)
class Projection:
    """A financial year's total: the months seen so far plus the rest projected."""

    indicator: str
    area: str
    as_of: str
    year: str  # "2017/18"
    first_month: str  # "2017-04"
    months_observed: int  # of the year, to as_of
    observed: float  # their total (estimated months included)
    projected: float  # the year's total: observed plus the projected rest (median path)
    lower: float  # the interval for the year's total (widened, see the module's notes)
    upper: float
    level: float  # the interval's nominal coverage
    model_lower: float  # the model's own interval, before widening
    model_upper: float
    previous: float | None  # the previous financial year's total; None if a month is missing
    months_estimated: int  # missing months filled in, in the fit and the observed total

    @property
    def percent(self) -> float | None:
        return _percent(self.projected, self.previous)

    @property
    def percent_lower(self) -> float | None:
        return _percent(self.lower, self.previous)

    @property
    def percent_upper(self) -> float | None:
        return _percent(self.upper, self.previous)


def _percent(value: float, previous: float | None) -> float | None:
    if previous is None or previous == 0:
        return None
    return 100 * (value - previous) / previous


def financial_year_start(as_of: str) -> int:
    """Ordinal of the April that starts the year being projected: the year of the month after
    ``as_of`` (in March the year just ended is complete, so the next one is projected)."""
    following = to_ordinal(as_of) + 1
    return following - (following - APRIL) % 12


def widening(ahead: int) -> float:
    """How much the model's spread is widened with ``ahead`` months of the year projected."""
    return min(1 + WIDEN_A_MONTH * max(ahead - 1, 0), WIDEST)


def year_label(first: int) -> str:
    """``2017-04`` -> ``2017/18``."""
    year = first // 12
    return f"{year}/{(year + 1) % 100:02d}"


def project_financial_year(
    series: pd.Series,
    *,
    indicator: str,
    area: str,
    as_of: str,
    level: float = LEVEL,
    paths: int = PATHS,
    seed: int = SEED,
    damped: bool = DAMPED,
) -> Projection | None:
    """The projection of the financial year being run as of ``as_of`` (no later month used);
    None with fewer than MIN_MONTHS months (MAX_FILLED of them may be missing) or a negative
    value."""
    ordinals, values = monthly_arrays(series)
    month = to_ordinal(as_of)
    keep = (ordinals <= month) & np.isfinite(values)
    ordinals, values = ordinals[keep], values[keep]
    if values.size == 0 or np.any(values < 0):
        return None
    span = np.arange(ordinals[0], month + 1)
    if span.size < MIN_MONTHS or values.size < MIN_MONTHS - MAX_FILLED:
        return None
    filled = np.interp(span, ordinals, values)  # after the last observed month: held flat
    estimated = np.isin(span, ordinals, invert=True)
    first = financial_year_start(as_of)
    in_year = span >= first
    ahead = first + 12 - 1 - month
    totals = _simulated_totals(filled, ahead, paths=paths, seed=seed, damped=damped)
    observed = float(filled[in_year].sum())
    tail = (1 - level) / 2
    median = float(np.median(totals))
    widened = np.maximum(median + widening(ahead) * (totals - median), 0.0)
    previous_year = (span >= first - 12) & (span < first)
    complete = previous_year.sum() == 12 and not estimated[previous_year].any()
    return Projection(
        indicator=indicator,
        area=area,
        as_of=as_of,
        year=year_label(first),
        first_month=to_month(first),
        months_observed=int(in_year.sum()),
        observed=observed,
        projected=observed + median,
        lower=observed + float(np.quantile(widened, tail)),
        upper=observed + float(np.quantile(widened, 1 - tail)),
        level=level,
        model_lower=observed + float(np.quantile(totals, tail)),
        model_upper=observed + float(np.quantile(totals, 1 - tail)),
        previous=float(filled[previous_year].sum()) if complete else None,
        months_estimated=int(estimated[in_year].sum()),
    )


def _simulated_totals(
    values: np.ndarray, ahead: int, *, paths: int, seed: int, damped: bool
) -> np.ndarray:
    """Totals of the next ``ahead`` months over simulated futures of the fitted model."""
    logged = np.log(values + 0.5)  # +0.5 keeps months of zero finite
    model = ETSModel(
        logged,
        error="add",
        trend="add",
        damped_trend=damped,
        seasonal="add",
        seasonal_periods=12,
    )
    with warnings.catch_warnings():
        # A short series often stops the optimiser at its iteration limit; the fit it reaches
        # is used (the back-test measures the result, not the optimiser's mood).
        warnings.simplefilter("ignore", ConvergenceWarning)
        fitted = model.fit(disp=False)
    # The errors are drawn here, normal as in the model's own simulation, so that a seed fixes
    # them whatever statsmodels' seeding argument is called; their variance is the residuals'
    # with the fitted parameters' degrees of freedom taken off (the fit's own is the maximum
    # likelihood one, mean squared residual, which on two or three years and some 18
    # parameters makes the interval far too narrow).
    residual_df = max(values.size - fitted.df_model, 1)
    sigma = np.sqrt(fitted.scale * values.size / residual_df)
    errors = np.random.default_rng(seed).standard_normal((ahead, paths)) * sigma
    futures = fitted.simulate(
        nsimulations=ahead, repetitions=paths, anchor="end", random_errors=errors
    )
    counts = np.maximum(np.exp(np.asarray(futures).reshape(ahead, paths)) - 0.5, 0.0)
    return counts.sum(axis=0)
