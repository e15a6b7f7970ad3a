"""Plain values the digest, the report and the query replies take: figures and findings with
the display names the caller looked up (messages/ never reads the catalogue or the database)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from detectors.comparison import Comparison
from detectors.finding import Finding, YearOnYear
from messages.chart import ChartData
from messages.model import IndicatorInfo


@dataclass(frozen=True)
class AreaFigure:
    """One area's In Year Performance against the Previous 12 Month Period."""

    area_name: str
    year_on_year: YearOnYear


@dataclass(frozen=True)
class Driver:
    """A category's part in a total's In Year change: ``Shoplifting +1,222 (78% of the rise)``."""

    name: str
    change: float  # In Year minus Previous 12 Months
    share: float  # of the total's movement in that direction, 0..1


@dataclass(frozen=True)
class IndicatorFigures:
    """One indicator across areas: the force first, then its divisions."""

    indicator: IndicatorInfo
    areas: tuple[AreaFigure, ...]
    chart: ChartData | None = None  # the force's series, for the HTML report
    # The force beside its region, groups and England & Wales (Home Office recorded crime),
    # where national figures are loaded for the month.
    national: Comparison | None = None
    # For a total: the categories that made most of its In Year change, largest first.
    drivers: tuple[Driver, ...] = ()
    # The report's statements about this indicator (trends, favourable results, projections),
    # each a sentence in the report's words: one item each under the indicator's section.
    statements: tuple[str, ...] = ()
    definition: str = ""  # what it counts and where the figures come from (Appendix A)


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
class Told:
    """What the month's run posted, each message by the finding it leads with: new alerts
    (one per event), follow-ups in earlier alerts' threads (continuing or ended), and notices
    of data problems. The digest counts these, not the month's findings."""

    alerts: tuple[NamedFinding, ...] = ()
    follow_ups: tuple[NamedFinding, ...] = ()
    notices: tuple[NamedFinding, ...] = ()

    def visible(self, allow_sensitive: bool) -> Told:
        return Told(
            tuple(visible(self.alerts, allow_sensitive)),
            tuple(visible(self.follow_ups, allow_sensitive)),
            tuple(visible(self.notices, allow_sensitive)),
        )

    def all(self) -> tuple[NamedFinding, ...]:
        return (*self.alerts, *self.follow_ups, *self.notices)


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
