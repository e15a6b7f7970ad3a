"""Seeded synthetic monthly series with known answers."""

from __future__ import annotations

import numpy as np
import pandas as pd

from detectors import SeriesInput

START = "2015-01"


def months(count: int, start: str = START) -> pd.PeriodIndex:
    return pd.period_range(start, periods=count, freq="M")


def monthly(values, start: str = START) -> pd.Series:
    values = np.asarray(values, dtype=float)
    return pd.Series(values, index=months(values.size, start))


def poisson(
    mean: float,
    count: int,
    *,
    seed: int,
    amplitude: float = 0.0,
    peak: int = 7,
    extra_cv: float = 0.0,
    start: str = START,
) -> pd.Series:
    """Poisson counts with an optional annual cycle (peak month 1-12) and extra noise."""
    rng = np.random.default_rng(seed)
    index = months(count, start)
    rate = mean * (1 + amplitude * np.cos(2 * np.pi * (index.month - peak) / 12))
    if extra_cv:
        shape = 1 / extra_cv**2
        rate = rate * rng.gamma(shape, 1 / shape, size=count)
    return pd.Series(rng.poisson(rate).astype(float), index=index)


def series_input(
    values: pd.Series, indicator: str = "robbery", area: str = "south", **options
) -> SeriesInput:
    return SeriesInput(indicator, area, values, **options)


def month_at(values: pd.Series, position: int) -> str:
    return str(values.index[position])
