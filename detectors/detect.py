"""One run: every series as of one month, run-wide false-alarm control, episodes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from detectors.assess import Assessment, SeriesInput, assess
from detectors.episodes import (
    EpisodeKey,
    OpenEpisode,
    accepted_steps,
    assign,
    exceptional_months,
    open_episodes,
)
from detectors.finding import Finding
from detectors.multiple_testing import run_adjusted
from detectors.rules import RULES, rule_weights
from detectors.settings import DEFAULT_SETTINGS, Settings


def detect_month(
    inputs: Iterable[SeriesInput],
    as_of: str,
    *,
    previous: Iterable[Finding] = (),
    settings: Settings = DEFAULT_SETTINGS,
) -> list[Finding]:
    """Findings of the run for month ``as_of``. ``previous``: findings of earlier runs, which say
    which episodes are open, which step changes were accepted (a new baseline from each) and
    which months were exceptional (left out of baselines)."""
    previous = list(previous)
    assessments = assess_all(inputs, as_of, previous=previous, settings=settings)
    return decide(assessments, open_episodes(previous, before=as_of), settings=settings)


def assess_all(
    inputs: Iterable[SeriesInput],
    as_of: str,
    *,
    previous: Sequence[Finding] = (),
    settings: Settings = DEFAULT_SETTINGS,
) -> list[Assessment]:
    """Every series' assessment of ``as_of`` that has one (a testable month), given earlier
    runs' findings."""
    steps = accepted_steps(previous, before=as_of)
    excluded = exceptional_months(previous, before=as_of)
    assessments = []
    for series in inputs:
        key = (series.indicator, series.area)
        found = assess(
            series,
            as_of,
            steps=steps.get(key, ()),
            excluded=excluded.get(key, ()),
            settings=settings,
        )
        if found is not None:
            assessments.append(found)
    return assessments


def decide(
    assessments: Sequence[Assessment],
    episodes: dict[EpisodeKey, OpenEpisode],
    *,
    settings: Settings = DEFAULT_SETTINGS,
) -> list[Finding]:
    """False-alarm control over every rule of every series, one budget per level, then
    episodes.

    Every series counts every rule (a rule whose pattern is absent had p = 1), so adding rules
    or series tightens every threshold: the level, not each test, has the error budget.
    """
    rates = dict(settings.level_error_rates)
    levels: dict[str, list[Assessment]] = {}
    for assessment in assessments:
        levels.setdefault(assessment.level, []).append(assessment)
    findings: list[Finding] = []
    tests = len(assessments) * len(RULES)
    for level, members in levels.items():
        if level not in rates:
            raise ValueError(f"no false-alarm budget for areas at level {level!r}")
        findings += _decide_level(members, episodes, rates[level], tests, settings)
    return findings


def _decide_level(
    assessments: Sequence[Assessment],
    episodes: dict[EpisodeKey, OpenEpisode],
    rate: float,
    tests_in_run: int,
    settings: Settings,
) -> list[Finding]:
    names = [rule.name for rule in RULES]
    by_rule = [{c.rule: c for c in a.candidates} for a in assessments]
    # The worse direction gets its share of each two-sided test's budget (a p-value divided by
    # twice the share is the same as testing that side at share x alpha).
    share = {True: 2 * settings.worse_share, False: 2 * (1 - settings.worse_share)}
    p_values = np.array(
        [
            [c[r].p_value / share[c[r].direction == a.worse] if r in c else 1.0 for r in names]
            for a, c in zip(assessments, by_rule, strict=True)
        ]
    )
    adjusted = run_adjusted(p_values.reshape(len(assessments), len(names)), rule_weights(settings))
    findings: list[Finding] = []
    for assessment, candidates, row in zip(assessments, by_rule, adjusted, strict=True):
        alerts = [
            (candidates[r], float(q))
            for r, q in zip(names, row, strict=True)
            if r in candidates and q <= rate
        ]
        findings += assign(assessment, alerts, episodes, tests_in_run=tests_in_run)
    return findings
