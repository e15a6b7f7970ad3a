"""Seasonality named as such: "Anti-Social Behaviour clearly displays the expected seasonality,
with peaks in the summer and troughs in the winter".

The test is the alerts' own (detectors.seasonal: annual harmonics kept by an F-test), on the
last WINDOW months to ``as_of``; the statement is made only when it is clear (p below CLEAR),
naming the seasons (three months each, December to February the winter) of the fitted peak
and trough.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from detectors.seasonal import seasonality
from detectors.series_arrays import monthly_arrays
from months import to_ordinal

WINDOW = 60  # five years: enough for the shape, recent enough to be today's
CLEAR = 0.01
SEASONS = ("winter", "spring", "summer", "autumn")


@dataclass(frozen=True)
class SeasonalPattern:
    indicator: str
    area: str
    as_of: str
    peak_season: str  # "summer"
    trough_season: str  # "winter"
    peak_month: int  # 1-12, of the fitted shape
    trough_month: int
    swing: float  # the fitted peak month over the trough month (1.3 = 30% more)
    p_value: float


def season_of(month: int) -> str:
    """1-12 -> the meteorological season: December to February is the winter."""
    return SEASONS[(month % 12) // 3]


def seasonal_pattern(
    series: pd.Series,
    *,
    indicator: str,
    area: str,
    as_of: str,
    breaks: Sequence[str] = (),
    clear: float = CLEAR,
) -> SeasonalPattern | None:
    """The series' seasonality to ``as_of`` when it is clear; ``breaks``: months where a
    classification break starts a new level."""
    ordinals, values = monthly_arrays(series)
    month = to_ordinal(as_of)
    keep = (ordinals <= month) & (ordinals > month - WINDOW)
    found = seasonality(
        ordinals[keep], values[keep], cuts=[to_ordinal(b) for b in breaks], alpha=clear
    )
    if not found.seasonal or found.p_value is None or not found.p_value < clear:
        return None
    factors = np.asarray(found.factors)  # January first
    by_season = {
        name: float(np.mean([factors[m - 1] for m in range(1, 13) if season_of(m) == name]))
        for name in SEASONS
    }
    peak, trough = int(np.argmax(factors)) + 1, int(np.argmin(factors)) + 1
    return SeasonalPattern(
        indicator=indicator,
        area=area,
        as_of=as_of,
        peak_season=max(by_season, key=by_season.__getitem__),
        trough_season=min(by_season, key=by_season.__getitem__),
        peak_month=peak,
        trough_month=trough,
        swing=float(factors[peak - 1] / factors[trough - 1]),
        p_value=found.p_value,
    )
