"""The rules detection runs, each in one entry: what it looks for, its share of the false-alarm
budget and how it is said. Adding a rule is one entry here plus its function; names that
later months of an episode report are here too, so every name a finding can carry has words.

Wording is plain text (messages/ lays it out): ``wording`` completes "Rule: ..." in an alert's
reasons, ``explanation`` is what ``explain`` adds about why breaking the rule matters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from detectors.candidate import Candidate, History
from detectors.data_quality import DATA_CHECKS
from detectors.exceptional import beyond_limits, two_of_three_near
from detectors.finding import Kind
from detectors.level_change import shift, step_change
from detectors.settings import Settings
from detectors.trend import trend


@dataclass(frozen=True, kw_only=True)
class Rule:
    name: str  # what findings carry as evidence.rule, e.g. "beyond-limit"
    find: Callable[[History], Candidate | None]
    # Default share of a series' false-alarm budget, relative to the other rules' weights
    # (Settings.rule_weights can override it).
    weight: float
    wording: str
    explanation: str


def _step_change(history: History) -> Candidate | None:
    """A step is looked for in the last ``step_window`` months only: older levels are history."""
    recent = history.last(history.settings.step_window)
    return step_change(recent.baseline, recent.ordinals, recent.values, recent.settings)


def _shift(history: History) -> Candidate | None:
    return shift(history.baseline, history.ordinals, history.values, history.settings)


# Weights: most to the single exceptional month, the commonest real event, then to the rules
# that find lasting changes soonest (in the benchmark, steps were first found by beyond-limit
# 81%, step-change 14%, 2-of-3 5%). Shift and trend find the slow changes the others miss in
# noisy series: West Division's robbery at about 40 a month for eight months from March 2022,
# against about 27 before, gave the shift rule p = 0.0002 and nothing else; at 0.1 each they
# needed p < 0.0001. At 0.5 and 0.3 (bench/detectors.py) a +3%-a-month trend is found within
# 12 months 84.7% of the time against 82.7%, at no cost in false alarms (0.09 a month).
RULES: tuple[Rule, ...] = (
    Rule(
        name="beyond-limit",
        find=beyond_limits,
        weight=1.6,
        wording="a month beyond the control limits (3 sigma)",
        explanation="The control limits sit three sigma either side of the average: when "
        "nothing has changed, a month outside them happens by chance about 3 times in 1,000.",
    ),
    Rule(
        name="2-of-3",
        find=two_of_three_near,
        weight=0.5,
        wording="two of three months between the warning limits (2 sigma) and the control "
        "limits, all three on one side of the average",
        explanation="Two of three months beyond the warning limits (two sigma), with all three "
        "on the same side of the average, rarely happens by chance: it suggests a real change "
        "is starting.",
    ),
    Rule(
        name="step-change",
        find=_step_change,
        weight=0.7,
        wording="a lasting change in level",
        explanation="Change-point detection found a lasting change in level from this month: "
        "the new level becomes the baseline for later months.",
    ),
    Rule(
        name="shift",
        find=_shift,
        weight=0.5,
        wording="seven or more months in a row on one side of the average",
        explanation="Seven months in a row on one side of the average happens by chance about "
        "once in 64 runs: the level has probably moved.",
    ),
    Rule(
        name="trend",
        find=trend,
        weight=0.3,
        wording="seven or more months in a row rising or falling",
        explanation="Seven months in a row, each higher (or lower) than the last, is unlikely "
        "by chance: a sustained trend.",
    ),
)

ENDED = "back-within-limits"


def follow_up_rule(kind: Kind | None) -> str:
    """The rule a later month of an episode reports: ``remains-<kind>`` while what opened it
    still holds (``kind``), ``back-within-limits`` once nothing does (None)."""
    return ENDED if kind is None else f"remains-{kind}"


# Wording of the later months of an episode, by the rule they report.
FOLLOW_UPS: dict[str, str] = {
    follow_up_rule("exceptional"): "still beyond the limits",
    follow_up_rule("shift"): "still on the same side of the average",
    follow_up_rule("trend"): "still rising or falling",
    follow_up_rule("step-change"): "still at the new level",
    ENDED: "back within the control limits",
}

_BY_NAME = {rule.name: rule for rule in RULES}


def rule_wording(name: str) -> str | None:
    """The one-line wording of a rule or follow-up; None for a name no rule reports (a finding
    stored by an older version, say)."""
    found = _BY_NAME.get(name)
    if found is not None:
        return found.wording
    return FOLLOW_UPS.get(name) or DATA_CHECKS.get(name)


def rule_explanation(name: str) -> str | None:
    """Why breaking the rule ``name`` matters; None for follow-ups and unknown names."""
    found = _BY_NAME.get(name)
    return found.explanation if found is not None else None


def rule_weights(settings: Settings) -> tuple[float, ...]:
    """Each rule's weight, in the order of RULES: the registry's, unless ``settings`` overrides
    it. A weight for a rule that is not registered is an error, not a silent no-op."""
    overrides = dict(settings.rule_weights)
    unknown = sorted(set(overrides) - set(_BY_NAME))
    if unknown:
        raise ValueError(f"rule_weights names rules that do not exist: {', '.join(unknown)}")
    return tuple(overrides.get(rule.name, rule.weight) for rule in RULES)
