"""Findings about the test data (tests/bot/conftest.py): robbery in Preston jumps in 2021-12."""

from __future__ import annotations

from dataclasses import replace

from detectors.finding import Evidence, Finding, Limits

EVIDENCE = Evidence(
    rule="beyond-limit",
    method="xmr",
    baseline_start="2018-12",
    baseline_end="2021-11",
    baseline_points=35,
)
PRESTON_ROBBERY = Finding(
    indicator="robbery",
    area="preston",
    month="2021-12",
    kind="exceptional",
    direction="up",
    value=41,
    expected=11,
    evidence=EVIDENCE,
    episode="robbery:preston:up:2021-12",
    as_of="2021-12",
    limits=Limits(centre=11, lower=6, upper=16, near_lower=8, near_upper=14),
)
SOUTH_ROBBERY = replace(
    PRESTON_ROBBERY,
    area="south",
    value=58,
    expected=28,
    episode="robbery:south:up:2021-12",
    limits=Limits(centre=28, lower=20, upper=36, near_lower=23, near_upper=33),
)
PRESTON_CONTINUES = replace(
    PRESTON_ROBBERY, month="2022-01", as_of="2022-01", value=39, status="continuing"
)
RAPE_WEST = replace(
    PRESTON_ROBBERY,
    indicator="rape",
    area="west",
    value=12,
    expected=4,
    episode="rape:west:up:2021-12",
)
