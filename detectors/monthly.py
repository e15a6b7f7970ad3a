"""The monthly run, whole: data checks, detection with a budget per level, then events.

What ``scrutiny run`` does through storage, as one pure function, so that the bot, the tests
and bench/alerts.py run the same policy. Data come first: a force-month that a data problem
distorts (a partial upload) is not tested for any of the force's street-level series, and
stays out of their baselines afterwards.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from detectors.assess import Assessment, SeriesInput
from detectors.data_quality import (
    Revision,
    check_force_month,
    provisional_figures,
    revised_months,
)
from detectors.detect import assess_all, decide
from detectors.episodes import open_episodes
from detectors.events import EarlierEvent, Figure, Grouping, Place, group_events, lineage
from detectors.finding import Finding
from detectors.rules import RULES
from detectors.settings import DEFAULT_SETTINGS, Settings
from months import to_ordinal


@dataclass(frozen=True)
class ForceData:
    """A force's street-level counts by category (rows: months, NaN = not loaded), the share
    of its crimes with no location and its months loaded again with other counts, for the
    data checks."""

    counts: pd.DataFrame
    unlocated_share: pd.Series | None = None
    revisions: tuple[Revision, ...] = ()


@dataclass(frozen=True)
class Context:
    """What the run knows besides the series: the areas, the totals' components, which
    indicators are street-level counts, and each force's data."""

    places: Mapping[str, Place]
    components: Mapping[str, Sequence[str]] = field(default_factory=dict)
    street_indicators: frozenset[str] = frozenset()
    forces: Mapping[str, ForceData] = field(default_factory=dict)


@dataclass(frozen=True)
class MonthRun:
    month: str
    findings: tuple[Finding, ...]  # data notices first, then the series' findings
    grouping: Grouping
    series: int  # series with a testable month
    tests: int  # tests under the run's false-alarm control
    assessments: tuple[Assessment, ...] = ()


def run_month(
    inputs: Sequence[SeriesInput],
    as_of: str,
    context: Context,
    *,
    previous: Sequence[Finding] = (),
    earlier: Mapping[str, EarlierEvent] | None = None,
    settings: Settings = DEFAULT_SETTINGS,
) -> MonthRun:
    """The run for ``as_of`` given earlier runs' findings (``previous``) and the events their
    episodes belong to (``earlier``, by episode id)."""
    previous = [f for f in previous if f.as_of < as_of]
    told = [f.episode for f in previous if f.kind == "data-quality"]
    notices: list[Finding] = []
    states = {
        force: _ForceState({f.month for f in previous if _distorts(f) and f.area == force})
        for force in context.forces
    }
    for force, data in context.forces.items():
        state = states[force]
        checked = check_force_month(
            force,
            data.counts,
            as_of,
            unlocated_share=data.unlocated_share,
            told=told,
            unreliable=sorted(state.unreliable),
        )
        notices += checked.findings
        notices += revised_months(force, data.revisions, as_of, told=told)
        state.unreliable |= set(checked.unreliable)
        state.coverage_jump = checked.coverage_jump
    notices += provisional_figures(
        [
            (s.indicator, s.area, float(s.values.get(pd.Period(as_of, freq="M"), math.nan)))
            for s in inputs
            if as_of in s.provisional
        ],
        as_of,
        told=told,
    )
    inputs = [_with_data_problems(s, as_of, context, states) for s in inputs]
    assessments = assess_all(inputs, as_of, previous=previous, settings=settings)
    findings = decide(assessments, open_episodes(previous, before=as_of), settings=settings)
    figures = {(a.indicator, a.area): Figure(a.value, a.expected) for a in assessments}
    grouping = group_events(
        [*notices, *findings],
        places=context.places,
        components=context.components,
        figures=figures,
        earlier=earlier,
    )
    return MonthRun(
        month=as_of,
        findings=(*notices, *findings),
        grouping=grouping,
        series=len(assessments),
        tests=len(assessments) * len(RULES),
        assessments=tuple(assessments),
    )


def replay_month_runs(
    inputs: Sequence[SeriesInput],
    months: Sequence[str],
    context: Context,
    *,
    settings: Settings = DEFAULT_SETTINGS,
) -> list[MonthRun]:
    """Runs for ``months`` in order, each seeing only the runs before it (tests, benchmarks)."""
    runs: list[MonthRun] = []
    previous: list[Finding] = []
    earlier: dict[str, EarlierEvent] = {}
    for month in months:
        run = run_month(
            inputs, month, context, previous=previous, earlier=earlier, settings=settings
        )
        runs.append(run)
        previous += run.findings
        earlier.update(episode_events(run))
    return runs


def episode_events(run: MonthRun) -> dict[str, EarlierEvent]:
    """The event of every episode in ``run``, for the runs after it."""
    wide = {e.id for e in run.grouping.events if e.force_wide}
    by_id = {f.id: f for f in run.findings}
    return {
        by_id[finding_id].episode: EarlierEvent(event_id, event_id in wide)
        for finding_id, event_id in run.grouping.event_of.items()
        if finding_id in by_id
    }


def _distorts(finding: Finding) -> bool:
    return finding.kind == "data-quality" and finding.evidence.rule == "common-factor"


# Areas whose street-level figures count a share of the force's crimes with no location.
LOCATED = ("division", "district")


@dataclass
class _ForceState:
    """What the data checks say of a force's months, for the run's series: months no series
    of the force is tested on, and whether this month's share of crimes with no location
    jumped (its divisions and districts are then not tested on it)."""

    unreliable: set[str]
    coverage_jump: bool = False


def _with_data_problems(
    series: SeriesInput, as_of: str, context: Context, states: Mapping[str, _ForceState]
) -> SeriesInput:
    """The series with the months it must not be tested on: those a data problem distorts
    for its force (street-level series; for divisions and districts also a month whose share
    of crimes with no location jumped) and those its source calls provisional."""
    months: set[str] = set(series.provisional)
    if series.indicator in context.street_indicators and series.area in context.places:
        above = lineage(series.area, context.places)
        force = next((a for a in above if context.places[a].kind == "force"), None)
        state = states.get(force) if force is not None else None
        if state is not None:
            months |= state.unreliable
            if state.coverage_jump and context.places[series.area].kind in LOCATED:
                months.add(as_of)
    if not months:
        return series
    return replace(series, unreliable=tuple(sorted(months, key=to_ordinal)))
