"""Monthly series as numpy arrays of month ordinals (see ``months``) and values, for arithmetic."""

from __future__ import annotations

import numpy as np
import pandas as pd


class SeriesError(ValueError):
    """A series that is not a monthly series (PeriodIndex with freq M, one value a month)."""


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
