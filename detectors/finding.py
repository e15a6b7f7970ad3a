"""The values detectors hand to messages and the bot: findings and year-on-year comparisons.

Months are ``YYYY-MM`` strings so that a finding survives JSON and SQLite unchanged.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

# "data-quality": a problem in the data (a partial upload, a change in geocoding), not in crime.
Kind = Literal["exceptional", "step-change", "shift", "trend", "data-quality"]
Direction = Literal["up", "down"]
Status = Literal["new", "continuing", "ended"]


@dataclass(frozen=True)
class Limits:
    """Control limits around the baseline centre (3 sigma) and near-limits (2 sigma)."""

    centre: float
    lower: float
    upper: float
    near_lower: float
    near_upper: float


@dataclass(frozen=True)
class Evidence:
    """Why a finding fired, in enough detail to explain it to a commander."""

    rule: str  # a registered rule or follow-up (detectors.rules), e.g. "beyond-limit"
    method: str  # e.g. "xmr", "poisson", "seasonal-xmr", "pelt"
    baseline_start: str | None  # YYYY-MM, first month of the baseline
    baseline_end: str | None  # YYYY-MM, last month of the baseline
    baseline_points: int  # non-missing months in the baseline
    trial_limits: bool = False  # fewer than 12 baseline points
    seasonal: bool = False
    p_value: float | None = None  # after run-wide adjustment where the detector makes one
    note: str = ""
    raw_p_value: float | None = None  # the same test before run-wide adjustment
    tests_in_run: int = 0  # how many tests the run's false-alarm control covered
    start_month: str | None = None  # YYYY-MM a shift or trend run, or a new level, began
    run_length: int = 0  # months in that run or at that new level
    # Why the baseline starts where it does: "" (the full window, the report's three years),
    # "counting-change" (a classification break), "step-change" (a new level reported) or
    # "data-start" (the data begin later than the window would).
    baseline_since: str = ""


@dataclass(frozen=True)
class Finding:
    """One exceptional observation about one indicator in one area."""

    indicator: str  # catalogue slug, e.g. "robbery"
    area: str  # area slug, e.g. "lancashire", "south", "preston"
    month: str  # YYYY-MM the finding is about (a step change: the first month at the new level)
    kind: Kind
    direction: Direction
    value: float  # the month's value (a step change: the new level)
    expected: float  # the baseline mean (a step change: the old level)
    evidence: Evidence
    episode: str  # stable id shared by every month of one episode
    as_of: str  # YYYY-MM of the run that produced it (no data after it was used)
    status: Status = "new"
    limits: Limits | None = None

    @property
    def id(self) -> str:
        """Stable id of this finding: one a series, direction and run (deliveries key on it)."""
        return f"{self.episode}:{self.as_of}"

    @property
    def ratio(self) -> float | None:
        """Value over expected ("over twice the average"); None when expected is not positive."""
        return self.value / self.expected if self.expected > 0 else None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        data = dict(data)
        data["evidence"] = Evidence(**data["evidence"])
        if data.get("limits") is not None:
            data["limits"] = Limits(**data["limits"])
        return cls(**data)


@dataclass(frozen=True)
class YearOnYear:
    """The report's 'In Year Performance' against the 'Previous 12 Month Period'."""

    indicator: str
    area: str
    as_of: str  # YYYY-MM, last month of the in-year period
    current: float  # total (count) or proportion over the 12 months to as_of
    previous: float  # the same for the 12 months before
    change: float  # current - previous
    percent: float | None  # None when previous is 0
    p_value: float | None
    significant: bool
    unit: Literal["count", "proportion"] = "count"
    months_current: int = 12  # non-missing months behind each total
    months_previous: int = 12
