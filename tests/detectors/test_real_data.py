"""Real published counts: Lancashire 2019-12..2022-10 (COVID, three missing months), from the
bundled demo data (the real data.police.uk counts by district and crime type), and the Met
2023-2025 (a step change in drug offences from 2024-09), which needs ../shared/data."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from detectors import SeriesInput, replay
from tests.conftest import SHARED_DATA, needs_shared_data

ROOT = Path(__file__).resolve().parents[2]

LANCASHIRE = ROOT / "storage" / "data" / "demo" / "lancashire-counts.csv.gz"
MET = SHARED_DATA / "met-police-monthly-2023-2025" / "monthly_by_crime.csv"
MISSING = {"2020-06", "2020-08", "2020-09"}


def _inputs(path: Path, area: str, month_column: str) -> list[SeriesInput]:
    rows = pd.read_csv(path)
    counts = rows.pivot_table(
        index=month_column, columns="crime_type", values="count", aggfunc="sum"
    )
    counts.index = pd.PeriodIndex(counts.index.astype(str).str[:7], freq="M")
    counts = counts.reindex(pd.period_range(counts.index.min(), counts.index.max(), freq="M"))
    return [SeriesInput(name, area, counts[name].astype(float)) for name in counts.columns]


@pytest.fixture(scope="module")
def lancashire():
    inputs = _inputs(LANCASHIRE, "lancashire", "month")
    return replay(inputs, "2019-12", "2022-10")


@pytest.fixture(scope="module")
def met():
    return replay(_inputs(needs_shared_data(MET), "met", "month"), "2023-01", "2025-12")


def _found(findings, indicator, direction, as_of):
    return [
        f
        for f in findings
        if f.indicator == indicator
        and f.direction == direction
        and f.as_of == as_of
        and f.status != "ended"
    ]


@pytest.mark.parametrize("month", ["2020-04", "2020-05"])
def test_covid_asb_surge_is_found_at_force_level(lancashire, month):
    found = _found(lancashire, "Anti-social behaviour", "up", month)
    assert found and found[0].value > 11000 and found[0].evidence.trial_limits


@pytest.mark.parametrize("month", ["2020-04", "2020-05"])
def test_covid_shoplifting_collapse_is_found_at_force_level(lancashire, month):
    found = _found(lancashire, "Shoplifting", "down", month)
    assert found and found[0].value < 400 and found[0].kind == "exceptional"


def test_the_surge_is_one_episode(lancashire):
    episodes = {
        f.episode
        for f in lancashire
        if f.indicator == "Anti-social behaviour"
        and f.direction == "up"
        and "2020-03" <= f.as_of <= "2020-07"
    }
    assert len(episodes) == 1


def test_missing_months_produce_no_finding(lancashire):
    assert not [f for f in lancashire if f.as_of in MISSING or f.month in MISSING]


def test_met_drugs_step_change_from_september_2024(met):
    drugs = [
        f
        for f in met
        if f.indicator == "Drugs" and f.direction == "up" and "2024-09" <= f.as_of <= "2024-12"
    ]
    assert drugs and drugs[0].as_of == "2024-09"  # alerted in the month itself
    steps = [f for f in drugs if f.kind == "step-change"]
    assert steps and steps[0].month == "2024-09"
    assert steps[0].expected == pytest.approx(2937, rel=0.05)  # the author's 2936.7 before
