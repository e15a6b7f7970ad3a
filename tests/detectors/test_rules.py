"""The rule registry is complete: every rule has its weight and words, and every rule name a
finding can carry (follow-ups included) has wording."""

import math
from dataclasses import replace
from typing import get_args

import pandas as pd
import pytest

from detectors import DEFAULT_SETTINGS, RULES, Settings, replay
from detectors.data_quality import DATA_CHECKS
from detectors.finding import Kind
from detectors.rules import FOLLOW_UPS, follow_up_rule, rule_explanation, rule_weights, rule_wording
from tests.detectors.synthetic import poisson, series_input

NAMES = [rule.name for rule in RULES]
# Data-quality notices are told once: they have no later months.
FOLLOWED = [kind for kind in get_args(Kind) if kind != "data-quality"]
FOLLOW_UP_NAMES = [follow_up_rule(kind) for kind in (*FOLLOWED, None)]


def test_rule_names_are_unique():
    assert len(set(NAMES)) == len(NAMES)


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.name)
def test_every_rule_has_a_weight_a_wording_and_an_explanation(rule):
    assert rule.name.strip(), "a rule needs a name"
    assert callable(rule.find), f"{rule.name}: find is not a function"
    assert math.isfinite(rule.weight) and rule.weight > 0, f"{rule.name}: no weight"
    assert rule.wording.strip(), f"{rule.name}: no wording"
    assert rule.explanation.strip(), f"{rule.name}: no explanation"


@pytest.mark.parametrize("name", NAMES + FOLLOW_UP_NAMES)
def test_every_name_a_finding_can_carry_has_wording(name):
    assert rule_wording(name), f"{name} has no wording: messages would show the raw name"


@pytest.mark.parametrize("name", sorted(DATA_CHECKS))
def test_every_data_check_has_wording(name):
    assert rule_wording(name) == DATA_CHECKS[name] and DATA_CHECKS[name]


def test_follow_up_wording_is_only_for_names_that_are_reported():
    assert sorted(FOLLOW_UPS) == sorted(set(FOLLOW_UP_NAMES))


def test_follow_ups_are_named_by_what_still_holds():
    assert follow_up_rule("exceptional") == "remains-exceptional"
    assert follow_up_rule(None) == "back-within-limits"


def test_only_rules_are_explained():
    assert rule_explanation("beyond-limit") == RULES[0].explanation
    assert rule_explanation("remains-exceptional") is None
    assert rule_wording("no-such-rule") is None


def test_weights_come_from_the_registry_unless_overridden():
    assert rule_weights(DEFAULT_SETTINGS) == tuple(rule.weight for rule in RULES)
    changed = rule_weights(Settings(rule_weights=(("2-of-3", 0.9),)))
    assert changed[NAMES.index("2-of-3")] == 0.9
    assert [w for n, w in zip(NAMES, changed, strict=True) if n != "2-of-3"] == [
        rule.weight for rule in RULES if rule.name != "2-of-3"
    ]


def test_a_weight_for_an_unknown_rule_is_an_error():
    with pytest.raises(ValueError, match="no-such-rule"):
        rule_weights(replace(DEFAULT_SETTINGS, rule_weights=(("no-such-rule", 1.0),)))


def test_the_names_findings_carry_in_a_run_are_registered_and_worded():
    # A spike and its next month, a step, a slow rise and an ordinary series: new, continuing
    # and ended findings of several rules.
    spiked = poisson(60, 44, seed=3)
    spiked.iloc[36:38] = [130, 80]  # 80: beyond 2 sigma, not 3: the episode goes on
    stepped = pd.concat([poisson(300, 36, seed=2), poisson(420, 8, seed=3, start="2018-01")])
    rising = poisson(500, 44, seed=4, extra_cv=0.02)
    rising.iloc[36:] = [540, 575, 610, 650, 690, 730, 770, 810]
    inputs = [
        series_input(spiked, area="a"),
        series_input(stepped, area="b"),
        series_input(rising, area="c"),
        series_input(poisson(60, 44, seed=5), area="d"),
    ]
    findings = replay(inputs, "2018-01", "2018-08")
    carried = {f.evidence.rule for f in findings}
    assert {"beyond-limit", "remains-exceptional", "back-within-limits", "step-change"} <= carried
    assert all(rule_wording(name) for name in carried), carried
