"""The performance report's statements about one indicator in one area, computed.

``statements(item, as_of=...)`` returns, in the order a report paragraph tells them:
- Contributions: the categories and the areas below that made the In Year change, and the
  favourable results (detectors.contributions);
- LongTrend: "on an upward trend since February 2015" (detectors.long_trend);
- RemainedHigh: "has decreased although remained high to June 2017" (detectors.remained_high);
- SeasonalPattern: "clearly displays the expected seasonality" (detectors.seasonal_pattern);
- Projection: the financial year "if current trends are maintained" (detectors.projection);
- SmallNumbers: the caveat when the In Year percentage rests on a small count
  (detectors.small_numbers).
Each is made only when the figures support it. Counts only: proportions change in points and
have none of these statements yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from detectors.contributions import Contributions, contributions
from detectors.finding import Direction, YearOnYear
from detectors.long_trend import LongTrend, long_trend
from detectors.projection import Projection, project_financial_year
from detectors.remained_high import RemainedHigh, remained_high
from detectors.seasonal_pattern import SeasonalPattern, seasonal_pattern
from detectors.small_numbers import small_numbers
from detectors.year_on_year import year_on_year


@dataclass(frozen=True)
class SmallNumbers:
    """The In Year percentage rests on a small count (the previous 12 months')."""

    indicator: str
    area: str
    as_of: str
    current: float
    previous: float
    percent: float


Statement = Contributions | LongTrend | RemainedHigh | SeasonalPattern | Projection | SmallNumbers


@dataclass(frozen=True)
class StatementInput:
    """One indicator in one area, with what its statements need beside it."""

    indicator: str
    area: str
    series: pd.Series  # monthly counts (PeriodIndex, freq M); NaN = missing month
    bad_direction: Direction = "up"
    # A total's components in the same area, by indicator slug.
    components: Mapping[str, pd.Series] = field(default_factory=dict)
    # The same indicator in the areas below (a force's divisions), by area slug.
    children: Mapping[str, pd.Series] = field(default_factory=dict)
    breaks: tuple[str, ...] = ()  # YYYY-MM months where a classification break starts


def statements(item: StatementInput, *, as_of: str, project: bool = True) -> tuple[Statement, ...]:
    """What the report can say about ``item`` as of ``as_of`` (no later month used).
    ``project``: whether to make the projection (a model fit, about a second a series)."""
    total = _year_on_year(item.series, item.indicator, item.area, as_of)
    found: list[Statement | None] = []
    if total is not None:
        found.append(
            contributions(
                total,
                bad_direction=item.bad_direction,
                categories=_figures(item.components, as_of, area=item.area),
                areas=_figures(item.children, as_of, indicator=item.indicator),
            )
        )
    name, area = item.indicator, item.area
    found += [
        long_trend(item.series, indicator=name, area=area, as_of=as_of, breaks=item.breaks),
        remained_high(item.series, indicator=name, area=area, as_of=as_of),
        seasonal_pattern(item.series, indicator=name, area=area, as_of=as_of, breaks=item.breaks),
    ]
    if project:
        found.append(project_financial_year(item.series, indicator=name, area=area, as_of=as_of))
    if total is not None and small_numbers(total):
        assert total.percent is not None  # small_numbers needs a percentage
        found.append(
            SmallNumbers(
                item.indicator, item.area, as_of, total.current, total.previous, total.percent
            )
        )
    return tuple(s for s in found if s is not None)


def _year_on_year(series: pd.Series, indicator: str, area: str, as_of: str) -> YearOnYear | None:
    return year_on_year(series, indicator=indicator, area=area, as_of=as_of, unit="count")


def _figures(
    series: Mapping[str, pd.Series],
    as_of: str,
    *,
    indicator: str | None = None,
    area: str | None = None,
) -> dict[str, YearOnYear]:
    """Year-on-year figures of each series, keyed as given: by indicator (same ``area``) or by
    area (same ``indicator``)."""
    figures = {}
    for key, values in series.items():
        yoy = _year_on_year(values, indicator or key, area or key, as_of)
        if yoy is not None:
            figures[key] = yoy
    return figures
