"""A pattern seen in one series in one month, with its p-value, before run-wide control."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from detectors.finding import Direction, Kind, Limits

Rule = Literal["beyond-limit", "2-of-3", "step-change", "shift", "trend"]
RULES: tuple[Rule, ...] = ("beyond-limit", "2-of-3", "step-change", "shift", "trend")


@dataclass(frozen=True)
class Candidate:
    kind: Kind
    direction: Direction
    p_value: float  # two-sided, for this series alone
    rule: Rule  # each rule has its share of the run's error budget (see Settings)
    method: str
    month: str  # YYYY-MM the finding is about
    value: float
    expected: float
    limits: Limits | None = None
    start_month: str | None = None  # first month of a run or of a new level
    run_length: int = 0
    note: str = ""
