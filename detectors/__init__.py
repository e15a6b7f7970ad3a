"""Detectors: pure functions from monthly series to findings. No I/O, no clock, no Slack."""

from detectors.assess import Assessment, SeriesInput, assess
from detectors.change_points import change_points
from detectors.detect import assess_all, decide, detect_month
from detectors.episodes import accepted_steps, open_episodes
from detectors.finding import Evidence, Finding, Limits, YearOnYear
from detectors.replay import replay
from detectors.rules import RULES, Rule
from detectors.series_arrays import SeriesError
from detectors.settings import DEFAULT_SETTINGS, Settings
from detectors.xmr import XmR, xmr
from detectors.year_on_year import year_on_year

__all__ = [
    "DEFAULT_SETTINGS",
    "RULES",
    "Assessment",
    "Evidence",
    "Finding",
    "Limits",
    "Rule",
    "SeriesError",
    "SeriesInput",
    "Settings",
    "XmR",
    "YearOnYear",
    "accepted_steps",
    "assess",
    "assess_all",
    "change_points",
    "decide",
    "detect_month",
    "open_episodes",
    "replay",
    "xmr",
    "year_on_year",
]
