"""How sensitive detection is. One frozen value, passed in; nothing is read from the environment."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    baseline_months: int = 36  # the report's "three-year average"
    min_baseline_points: int = 3  # fewer: too few to tell, no finding
    stable_points: int = 12  # fewer baseline points: trial limits, said as such
    # With trial limits sigma is at least this share of the mean. On the Met's 14 monthly series
    # (2023-2025) 99.7% of months lie within 45% (= 3 x 0.15) of the mean of the 3 to 11 months
    # before them, seasonality and all; a tripling (+200%) or a halving is far beyond it.
    trial_cv_floor: float = 0.15
    # F-test level for calling a series seasonal. Lenient on purpose: a series wrongly called
    # seasonal costs little (its shape is shrunk towards flat), a seasonal one missed alarms at
    # every peak and trough (bench/detectors.py: 0.41 false alarms a month at 0.01, 0.35 at 0.1).
    seasonal_alpha: float = 0.1
    seasonal_min_points: int = 24  # two years before seasonality is estimated at all
    seasonal_months: int = 60  # history the seasonal shape is estimated from, where there is one
    noise_months: int = 60  # history the month-to-month noise (sigma) is measured on
    # Shift and trend rules: "7 points on one side" / "7 points rising"; shorter runs come too
    # often by chance.
    run_length: int = 7
    step_min_new: int = 3  # points at a new level before it is called a step (two is a blip)
    step_max_new: int = 6  # later than that, the shift rule speaks for a lasting change
    step_window: int = 48  # months of history searched for the level before a step
    # False-alarm control, one budget per level of the area hierarchy: Holm's step-down across
    # the level's series, each series' rules sharing its part by weighted Bonferroni. The chance
    # of any false alarm among a level's series in a run is at most its rate. Commanders look at
    # the force and its divisions: a budget of their own keeps the power there (a month at
    # twice a division's mean of 15 alerts) instead of sharing one with hundreds of districts,
    # which are breakdowns. Calibrated against 0.25 false alerts a month: at 0.2 for the force
    # and its divisions bench/alerts.py's null panels get 0.17 to 0.25 (0.04 to 0.21 at 0.1),
    # and bench/detectors.py finds 96.1% of doubled months (94.5%) and 88.0% of +25% steps
    # within three months (85.8%), at 0.16 false alarms a month (0.10).
    level_error_rates: tuple[tuple[str, float], ...] = (
        ("force", 0.2),
        ("division", 0.2),
        ("district", 0.1),
        ("other", 0.1),
    )
    # Share of each test's budget for the worse direction (the catalogue's bad_direction): a
    # commander needs to hear of crime rising sooner than of it falling. 0.5 is symmetric.
    worse_share: float = 2 / 3
    # Overrides of the rules' default weights (their shares of a series' error budget, set in
    # detectors.rules), by rule name: ``(("2-of-3", 0.8),)``. Empty: the registry's weights.
    rule_weights: tuple[tuple[str, float], ...] = ()


DEFAULT_SETTINGS = Settings()
