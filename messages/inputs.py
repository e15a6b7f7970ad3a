"""Plain values the digest, the report and the query replies take: figures and findings with
the display names the caller looked up (messages/ never reads the catalogue or the database)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from detectors.finding import Finding, YearOnYear
from messages.chart import ChartData
from messages.model import IndicatorInfo


@dataclass(frozen=True)
class AreaFigure:
    """One area's In Year Performance against the Previous 12 Month Period."""

    area_name: str
    year_on_year: YearOnYear


@dataclass(frozen=True)
class IndicatorFigures:
    """One indicator across areas: the force first, then its divisions."""

    indicator: IndicatorInfo
    areas: tuple[AreaFigure, ...]
    chart: ChartData | None = None  # the force's series, for the HTML report


@dataclass(frozen=True)
class Unlocated:
    """Crimes recorded with no location: they count for the force but for no division, so the
    divisions do not add up to the force (and can move when the share without one moves)."""

    current: int  # In Year Performance period
    previous: int  # Previous 12 Month Period


@dataclass(frozen=True)
class NamedFinding:
    """A finding with its indicator and the display name of its area."""

    finding: Finding
    indicator: IndicatorInfo
    area_name: str


@dataclass(frozen=True)
class AreaMonth:
    """One area's figure for a month beside its own average of earlier months."""

    area_name: str
    value: float  # NaN: no data that month
    average: float  # NaN: no earlier months

    @property
    def ratio(self) -> float:
        return self.value / self.average if self.average > 0 else math.nan


Shown = TypeVar("Shown", IndicatorFigures, NamedFinding)


def visible(items: Iterable[Shown], allow_sensitive: bool) -> list[Shown]:
    """``items`` (IndicatorFigures or NamedFinding) without sensitive indicators unless allowed."""
    return [item for item in items if allow_sensitive or not item.indicator.sensitive]


def any_withheld(allow_sensitive: bool, *groups: Iterable[IndicatorFigures | NamedFinding]) -> bool:
    """Whether ``visible`` leaves anything out of these groups."""
    return not allow_sensitive and any(
        item.indicator.sensitive for group in groups for item in group
    )
