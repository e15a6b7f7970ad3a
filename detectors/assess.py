"""Everything one series says about one month, before the run decides what is worth an alert."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from detectors.baseline import Baseline, Unit, build_baseline, last_cut
from detectors.candidate import Candidate, History
from detectors.finding import Direction, Evidence, Kind, Limits
from detectors.rules import RULES
from detectors.run_rules import monotone_run, side_run
from detectors.series_arrays import aligned_denominators, monthly_arrays
from detectors.settings import DEFAULT_SETTINGS, Settings
from months import to_ordinal


@dataclass(frozen=True, eq=False)
class SeriesInput:
    """One (indicator, area) series as storage hands it over: NaN marks a missing month."""

    indicator: str
    area: str
    values: pd.Series
    unit: Unit = "count"
    breaks: tuple[str, ...] = ()  # YYYY-MM classification breaks: a new baseline from each
    denominators: pd.Series | None = None  # respondents, for proportions
    worse: Direction = "up"  # the catalogue's bad_direction: which way is worse for the public
    # Where the area sits ("force", "division", "district", "other"): each level has its own
    # false-alarm budget (Settings.level_error_rates).
    level: str = "force"
    # Months a data problem distorts (a partial upload): treated as missing, never tested.
    unreliable: tuple[str, ...] = ()
    # Months whose figure its source calls provisional: told to analysts, treated as missing.
    provisional: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assessment:
    indicator: str
    area: str
    month: str
    value: float
    expected: float
    limits: Limits
    baseline_start: str
    baseline_end: str
    baseline_points: int
    trial: bool
    seasonal: bool
    method: str
    candidates: tuple[Candidate, ...]  # at most one per rule, with raw p-values
    worse: Direction
    # What keeps an open episode going, by direction: still beyond 2 sigma ("exceptional"),
    # or a shift or trend run still unbroken.
    signals: tuple[tuple[Direction, Kind], ...] = ()
    level: str = "force"  # the series' level in the area hierarchy, for its false-alarm budget
    baseline_since: str = ""  # why the baseline starts where it does (Evidence.baseline_since)

    def signal(self, direction: Direction) -> Kind | None:
        return next((kind for d, kind in self.signals if d == direction), None)

    def evidence(self, rule: str, method: str, **details: Any) -> Evidence:
        """Evidence about this month's baseline, for a finding made by ``rule``."""
        return Evidence(
            rule=rule,
            method=method,
            baseline_start=self.baseline_start,
            baseline_end=self.baseline_end,
            baseline_points=self.baseline_points,
            trial_limits=self.trial,
            seasonal=self.seasonal,
            baseline_since=self.baseline_since,
            **details,
        )


def assess(
    series: SeriesInput,
    as_of: str,
    *,
    steps: Sequence[str] = (),
    excluded: Sequence[str] = (),
    settings: Settings = DEFAULT_SETTINGS,
) -> Assessment | None:
    """Tests of the month ``as_of`` using only the months up to it. ``steps``: months where an
    accepted step change began (a new baseline from each); ``excluded``: months already reported
    exceptional, left out of the baseline. None when the month is missing, starts a new
    baseline, or has too little history to tell."""
    month = to_ordinal(as_of)
    ordinals, values = monthly_arrays(series.values)
    if series.unreliable:
        values = np.where(
            np.isin(ordinals, [to_ordinal(m) for m in series.unreliable]), np.nan, values
        )
    denominators = aligned_denominators(series.denominators, series.values)
    known = ordinals <= month  # no look-ahead
    ordinals, values = ordinals[known], values[known]
    if denominators is not None:
        denominators = denominators[known]
    if ordinals.size == 0 or ordinals[-1] != month or not np.isfinite(values[-1]):
        return None  # a missing month says nothing
    cuts = sorted({to_ordinal(m) for m in (*series.breaks, *steps)})
    if month in cuts:
        return None  # a classification break starts a new baseline; it is not an alert
    baseline = build_baseline(
        ordinals,
        values,
        month,
        cuts=cuts,
        unit=series.unit,
        settings=settings,
        denominators=denominators,
        excluded=[to_ordinal(m) for m in excluded],
    )
    if baseline is None:
        return None
    cut = last_cut(cuts, month)
    since_cut = np.isfinite(values) & (ordinals >= (cut if cut is not None else ordinals[0]))
    history = History(
        baseline,
        ordinals[since_cut],
        values[since_cut],
        None if denominators is None else denominators[since_cut],
        settings,
    )
    first_observed = int(ordinals[np.isfinite(values)][0])
    since = _baseline_since(series, month - settings.baseline_months, cut, first_observed)
    return _assessment(series, as_of, history, since)


def _baseline_since(series: SeriesInput, window_start: int, cut: int | None, first: int) -> str:
    """Why the baseline starts after the start of its full window, if it does."""
    if cut is not None and cut > window_start:
        breaks = {to_ordinal(m) for m in series.breaks}
        return "counting-change" if cut in breaks else "step-change"
    return "data-start" if first > window_start else ""


def _assessment(
    series: SeriesInput, as_of: str, history: History, baseline_since: str = ""
) -> Assessment:
    baseline, ordinals, values = history.baseline, history.ordinals, history.values
    limits = baseline.limits(history.month, history.denominator)
    candidates = [
        replace(found, rule=rule.name)
        for rule in RULES
        if (found := rule.find(history)) is not None
    ]
    return Assessment(
        indicator=series.indicator,
        area=series.area,
        month=as_of,
        value=history.value,
        expected=limits.centre,
        limits=limits,
        baseline_start=baseline.start,
        baseline_end=baseline.end,
        baseline_points=baseline.points,
        trial=baseline.trial,
        seasonal=baseline.season.seasonal,
        method=baseline.method,
        candidates=tuple(candidates),
        worse=series.worse,
        level=series.level,
        baseline_since=baseline_since,
        signals=_signals(baseline, ordinals, values, limits, history.settings),
    )


def _signals(
    baseline: Baseline, ordinals: np.ndarray, values: np.ndarray, limits: Limits, settings: Settings
) -> tuple[tuple[Direction, Kind], ...]:
    signals: list[tuple[Direction, Kind]] = []
    if values[-1] > limits.near_upper:
        signals.append(("up", "exceptional"))
    elif values[-1] < limits.near_lower:
        signals.append(("down", "exceptional"))
    runs = (
        ("shift", side_run(values - baseline.expected(ordinals))),
        ("trend", monotone_run(values / baseline.season.factor(ordinals))),
    )
    for kind, found in runs:
        if found is not None and found[1] >= settings.run_length:
            signals.append((found[0], kind))  # type: ignore[arg-type]
    return tuple(signals)
