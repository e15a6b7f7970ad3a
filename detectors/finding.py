"""The values detectors hand to messages and the bot: findings and year-on-year comparisons.

Months are ``YYYY-MM`` strings so that a finding survives JSON and SQLite unchanged. A finding
is kept as a dict stamped with its format (``FindingCodec``), so that one written by an earlier
version of scrutiny still reads after a field is renamed, removed or added.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal, TypeVar

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
    def from_dict(cls, data: Mapping[str, Any]) -> Finding:
        """A finding from a dict of the current format (``FINDINGS``)."""
        return FINDINGS.decode(data, FINDINGS.version)


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
    # flow: 12-month totals; stock: the value at as_of against a year before (never summed);
    # proportion: pooled over the respondents of each 12 months.
    measure: Literal["flow", "stock", "proportion"] = "flow"


# -- keeping findings -------------------------------------------------------------------------

Upgrade = Callable[[dict[str, Any]], dict[str, Any]]
_T = TypeVar("_T")


class FindingFormatError(ValueError):
    """A kept finding cannot be read: a format this version does not know, or fields that do
    not match it."""


@dataclass(frozen=True)
class FindingCodec:
    """A finding as a JSON-ready dict stamped with its format, and back from any earlier format.

    A field added with a default needs nothing: an older dict without it takes the default. A
    field renamed, removed or re-typed needs ``version`` raised by one and ``upgrades[old]``:
    a function from a dict of format ``old`` to one of format ``old + 1`` (``renamed`` makes
    the common one). Reading applies the upgrades in turn, so every kept finding still reads.
    Fields the current format does not know are an error, not dropped: a missing upgrade shows.
    """

    version: int = 1
    upgrades: Mapping[int, Upgrade] = field(default_factory=dict)

    def __post_init__(self) -> None:
        missing = [v for v in range(1, self.version) if v not in self.upgrades]
        if missing:
            raise ValueError(f"no upgrade from finding format {missing} to the next")

    def encode(self, finding: Finding) -> dict[str, Any]:
        return asdict(finding)

    def decode(self, data: Mapping[str, Any], version: int) -> Finding:
        if not 1 <= version <= self.version:
            raise FindingFormatError(
                f"finding format {version} is not one this version reads (1 to {self.version})"
            )
        current = copy.deepcopy(dict(data))
        for step in range(version, self.version):
            current = self.upgrades[step](current)
        return _finding(current)


def renamed(old: str, new: str, *, within: str | None = None) -> Upgrade:
    """The upgrade for a field renamed from ``old`` to ``new`` (of ``within``, e.g.
    ``"evidence"``, when the field is not the finding's own)."""

    def upgrade(data: dict[str, Any]) -> dict[str, Any]:
        part = data if within is None else data.get(within)
        if isinstance(part, dict) and old in part:
            part[new] = part.pop(old)
        return data

    return upgrade


def _finding(data: dict[str, Any]) -> Finding:
    data = dict(data)
    data["evidence"] = _build(Evidence, data.get("evidence"), "evidence")
    if data.get("limits") is not None:
        data["limits"] = _build(Limits, data["limits"], "limits")
    return _build(Finding, data, "finding")


def _build(cls: type[_T], data: Any, what: str) -> _T:
    if not isinstance(data, dict):
        raise FindingFormatError(f"{what}: expected an object, not {type(data).__name__}")
    known = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(data) - known)
    if unknown:
        raise FindingFormatError(f"{what}: fields {unknown} are not in the current format")
    try:
        return cls(**data)
    except TypeError as error:  # a field the format requires is missing
        raise FindingFormatError(f"{what}: {error}") from None


# The format findings are kept in. Raise ``version`` and add an upgrade when a field of
# Finding, Evidence or Limits is renamed, removed or changes meaning.
FINDINGS = FindingCodec()
