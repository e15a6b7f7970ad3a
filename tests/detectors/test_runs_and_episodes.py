"""Whole runs: run-wide false-alarm control, episodes, step changes as new baselines."""

import numpy as np
import pandas as pd
import pytest

from detectors import SeriesInput, assess, decide, detect_month, replay
from detectors.episodes import open_episodes
from tests.detectors.synthetic import month_at, poisson, series_input


def _spiked(seed=1, spikes=((36, 2.0),), mean=60.0, count=40):
    values = poisson(mean, count, seed=seed)
    for position, factor in spikes:
        values.iloc[position] = round(mean * factor)
    return values


def test_an_exceptional_run_of_months_is_one_episode():
    values = _spiked(spikes=((36, 2.2), (37, 2.1)))
    findings = replay([series_input(values)], month_at(values, 36), month_at(values, 39))
    up = [f for f in findings if f.direction == "up"]
    assert [f.status for f in up] == ["new", "continuing", "ended"]
    assert len({f.episode for f in up}) == 1
    assert up[0].episode == f"robbery:south:up:{month_at(values, 36)}"
    assert up[1].evidence.rule == "beyond-limit"  # 126 against about 60: far beyond 3 sigma
    assert up[2].evidence.rule == "back-within-limits"


def test_finding_ids_are_stable_and_unique():
    values = _spiked(spikes=((36, 2.2), (37, 2.1)))
    findings = replay([series_input(values)], month_at(values, 36), month_at(values, 39))
    assert findings[0].id == f"robbery:south:up:{month_at(values, 36)}:{month_at(values, 36)}"
    assert len({f.id for f in findings}) == len(findings)


def test_a_missing_month_neither_continues_nor_ends_an_episode():
    values = _spiked(spikes=((36, 2.2), (38, 2.2)))
    values.iloc[37] = np.nan
    findings = replay([series_input(values)], month_at(values, 36), month_at(values, 38))
    assert [(f.as_of, f.status) for f in findings] == [
        (month_at(values, 36), "new"),
        (month_at(values, 38), "continuing"),
    ]


def test_a_step_change_is_reported_once_and_becomes_the_baseline():
    values = pd.concat(
        [
            poisson(300, 36, seed=2, extra_cv=0.03),
            poisson(420, 10, seed=3, extra_cv=0.03, start="2018-01"),
        ]
    )
    findings = replay([series_input(values)], "2018-01", "2018-10")
    steps = [f for f in findings if f.kind == "step-change"]
    assert len(steps) == 1 and steps[0].direction == "up"
    assert steps[0].month == "2018-01"  # the new level's first month
    assert steps[0].value == pytest.approx(420, rel=0.1)
    assert steps[0].expected == pytest.approx(300, rel=0.1)
    # Once reported, the new level is the baseline: nothing more after it.
    assert all(f.as_of <= steps[0].as_of for f in findings)
    assert {f.episode for f in findings} == {steps[0].episode}


def test_run_wide_control_a_lone_oddity_alerts_but_not_among_many_tests():
    odd = poisson(60, 37, seed=4)
    odd.iloc[36] = 86  # beyond the limits; raw p about 0.005
    alone = detect_month([series_input(odd)], month_at(odd, 36))
    crowd = [series_input(poisson(60, 37, seed=100 + i), area=f"area-{i}") for i in range(80)]
    together = detect_month([series_input(odd), *crowd], month_at(odd, 36))
    assert [f.area for f in alone] == ["south"]
    assert not [f for f in together if f.area == "south"]


def test_the_worse_direction_needs_less_evidence():
    up = _spiked(seed=5, spikes=((36, 1.6),))
    down = _spiked(seed=5, spikes=((36, 0.4),))
    crowd = [series_input(poisson(60, 37, seed=200 + i), area=f"a{i}") for i in range(20)]
    as_of = month_at(up, 36)

    def adjusted(values, worse):
        findings = detect_month([series_input(values, worse=worse), *crowd], as_of)
        return [f.evidence.p_value for f in findings if f.area == "south"]

    assert adjusted(up, "up")[0] < adjusted(up, "down")[0]
    assert adjusted(down, "down")[0] < adjusted(down, "up")[0]


def test_a_quiet_force_sized_run_stays_quiet():
    rng = np.random.default_rng(6)
    inputs = [
        series_input(
            poisson(
                float(rng.choice([20, 80, 300, 1500])),
                48,
                seed=300 + i,
                extra_cv=0.05,
                amplitude=float(rng.choice([0, 0.2])),
            ),
            indicator=f"i{i}",
            area="force",
        )
        for i in range(40)
    ]
    findings = replay(inputs, "2018-01", "2018-12")
    assert sum(f.status == "new" for f in findings) <= 6  # bound 0.5 a month: the bench measures


def test_detect_month_is_assess_then_decide():
    values = _spiked(seed=7, spikes=((36, 2.0),))
    inputs = [series_input(values), series_input(poisson(60, 40, seed=8), area="east")]
    as_of = month_at(values, 36)
    split = decide([a for i in inputs if (a := assess(i, as_of)) is not None], {})
    assert detect_month(inputs, as_of) == split


def test_open_episodes_come_from_the_latest_earlier_finding():
    values = _spiked(spikes=((36, 2.2), (37, 2.1)))
    findings = replay([series_input(values)], month_at(values, 36), month_at(values, 39))
    assert list(open_episodes(findings, before=month_at(values, 38))) == [
        ("robbery", "south", "up")
    ]
    assert open_episodes(findings, before="2030-01") == {}


def test_proportions_use_their_respondents():
    rng = np.random.default_rng(9)
    respondents = pd.Series(500.0, index=pd.period_range("2015-01", periods=37, freq="M"))
    share = pd.Series(rng.binomial(500, 0.8, 37) / 500, index=respondents.index)
    share.iloc[-1] = 0.70
    inp = SeriesInput(
        "victim-satisfaction",
        "force",
        share,
        unit="proportion",
        denominators=respondents,
        worse="down",
    )
    findings = detect_month([inp], "2018-01")
    assert [(f.kind, f.direction) for f in findings] == [("exceptional", "down")]
    assert findings[0].limits.lower > 0.7
