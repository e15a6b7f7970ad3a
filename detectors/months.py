"""Months as integers (year * 12 + month - 1) so detectors can do arithmetic on them with numpy."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class SeriesError(ValueError):
    """A series that is not a monthly series (PeriodIndex with freq M, one value a month)."""


def to_ordinal(month: str) -> int:
    match = _MONTH.match(month)
    if match is None:
        raise ValueError(f"not a YYYY-MM month: {month!r}")
    return int(match.group(1)) * 12 + int(match.group(2)) - 1


def to_month(ordinal: int) -> str:
    year, month0 = divmod(int(ordinal), 12)
    return f"{year:04d}-{month0 + 1:02d}"


def monthly_arrays(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(ordinals, values) sorted by month; NaN stays NaN (a missing month is not a zero)."""
    index = series.index
    if isinstance(index, pd.DatetimeIndex):
        index = index.to_period("M")
    if not isinstance(index, pd.PeriodIndex) or index.freqstr != "M":
        raise SeriesError(f"expected a monthly PeriodIndex, got {type(series.index).__name__}")
    if index.has_duplicates:
        raise SeriesError("a month appears twice in the series")
    ordinals = np.asarray(index.year * 12 + index.month - 1, dtype=np.int64)
    values = series.to_numpy(dtype=float, na_value=np.nan)
    order = np.argsort(ordinals, kind="stable")
    return ordinals[order], values[order]


def aligned_denominators(denominators: pd.Series | None, series: pd.Series) -> np.ndarray | None:
    """The denominators of ``series``' months, in the order of ``monthly_arrays(series)`` (NaN
    where a month has none); None without denominators."""
    if denominators is None:
        return None
    return monthly_arrays(denominators.reindex(series.index))[1]
