"""A pattern seen in one series in one month, with its p-value, before run-wide control; and the
history a rule looks for it in."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from detectors.baseline import Baseline
from detectors.finding import Direction, Kind, Limits
from detectors.settings import Settings


@dataclass(frozen=True)
class Candidate:
    kind: Kind
    direction: Direction
    p_value: float  # two-sided, for this series alone
    method: str
    month: str  # YYYY-MM the finding is about
    value: float
    expected: float
    limits: Limits | None = None
    start_month: str | None = None  # first month of a run or of a new level
    run_length: int = 0
    note: str = ""
    # The registered rule that found it (detectors.rules): set by assess from the registry, so
    # that a rule cannot report a name that has no weight or wording.
    rule: str = ""


@dataclass(frozen=True, eq=False)
class History:
    """One series as a rule sees it: the observed months since its last cut, up to and including
    the month tested (the last point), with the baseline they are judged against."""

    baseline: Baseline
    ordinals: np.ndarray
    values: np.ndarray
    denominators: np.ndarray | None  # respondents, for proportions
    settings: Settings

    @property
    def month(self) -> int:
        return int(self.ordinals[-1])

    @property
    def value(self) -> float:
        return float(self.values[-1])

    @property
    def denominator(self) -> float | None:
        return None if self.denominators is None else float(self.denominators[-1])

    def last(self, months: int) -> History:
        """The same history cut to the observed months of the last ``months`` calendar months."""
        keep = self.ordinals > self.month - months
        return History(
            self.baseline,
            self.ordinals[keep],
            self.values[keep],
            None if self.denominators is None else self.denominators[keep],
            self.settings,
        )
