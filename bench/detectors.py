"""Seeded simulation benchmark of the detectors against the naive rule (run by hand).

    .venv/bin/python bench/detectors.py

A force-sized panel of null series (14 police.uk categories x the force and its 3 divisions,
Lancashire's 2022 means and division shares, the Met's 2023-2025 seasonal shapes, Poisson counts
with the Met's extra-Poisson noise, 3.5% to 7.8% by category) is run month by month
through the detectors, exactly as ``scrutiny backfill`` would (episodes, accepted steps, run-wide
control). Then events are injected one at a time into one series of the panel, and that series
is re-run with the rest of the panel's tests beside it in each month's run-wide control:
a 2x single-month spike (series of mean >= 15), a halved month (the better direction, mean
>= 15), a +25% step change (mean >= 100) and a +3%-a-month trend.
The naive rule is a month beyond the 3 sigma XmR limits (unscreened) of the 36 months before it.
A false alarm is a new alert (a new episode) in a null series; for the naive rule, every month
beyond its limits (it has no episodes). Prints one table; takes about two minutes.
"""

from __future__ import annotations

import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.police_like import CATEGORIES
from detectors import (
    DEFAULT_SETTINGS,
    Finding,
    SeriesInput,
    assess_all,
    change_points,
    decide,
    open_episodes,
)
from months import to_month, to_ordinal

SETTINGS = DEFAULT_SETTINGS
SEED = 20170630
START = "2014-01"
HISTORY = 36  # months before the first month scored
SCORED = 60  # months scored in each null panel
NULL_PANELS = 4
SPIKES, STEPS, TRENDS, DROPS = 800, 600, 150, 300
SMALL_SERIES = 42

AREAS = ("force", "east", "south", "west")


@dataclass(frozen=True)
class Spec:
    indicator: str
    area: str
    mean: float
    amplitude: float
    peak: int
    extra_cv: float

    def rates(self, ordinals: np.ndarray) -> np.ndarray:
        months = ordinals % 12 + 1
        return self.mean * (1 + self.amplitude * np.cos(2 * np.pi * (months - self.peak) / 12))


def force_specs() -> list[Spec]:
    # Divisions are given the force's relative extra noise (an assumption: no division data).
    return [
        Spec(name, area, mean * share, amplitude, peak, extra)
        for name, mean, amplitude, peak, extra, shares in CATEGORIES
        for area, share in zip(AREAS, (1.0, *shares), strict=True)
    ]


def small_specs(rng: np.random.Generator) -> list[Spec]:
    """District-sized small counts (means 0.3 to 12), some seasonal."""
    return [
        Spec(
            f"small-{i}",
            "district",
            float(rng.uniform(0.3, 12)),
            float(rng.choice([0.0, 0.1, 0.25])),
            7,
            0.05,
        )
        for i in range(SMALL_SERIES)
    ]


def simulate(
    spec: Spec, ordinals: np.ndarray, rng: np.random.Generator, multiplier: np.ndarray | None = None
) -> np.ndarray:
    rates = spec.rates(ordinals) * (1.0 if multiplier is None else multiplier)
    shape = 1 / spec.extra_cv**2
    return rng.poisson(rates * rng.gamma(shape, 1 / shape, size=rates.size)).astype(float)


def as_input(spec: Spec, ordinals: np.ndarray, values: np.ndarray) -> SeriesInput:
    index = pd.PeriodIndex([to_month(o) for o in ordinals], freq="M")
    return SeriesInput(spec.indicator, spec.area, pd.Series(values, index=index))


# --- the naive rule -------------------------------------------------------------------------


def naive_flags(values: np.ndarray, at: int) -> str | None:
    window = values[max(at - 36, 0) : at]
    mean, mean_mr = window.mean(), np.abs(np.diff(window)).mean()
    if values[at] > mean + 2.66 * mean_mr:
        return "up"
    if values[at] < mean - 2.66 * mean_mr:
        return "down"
    return None


# --- running the detectors ------------------------------------------------------------------


@dataclass
class PanelRun:
    """A null panel run month by month, keeping each month's assessments for event re-runs."""

    inputs: list[SeriesInput]
    values: list[np.ndarray]
    findings: list[Finding]
    assessments: dict[str, list]  # month -> assessments of the whole panel


def run_panel(specs: list[Spec], ordinals: np.ndarray, rng: np.random.Generator) -> PanelRun:
    values = [simulate(s, ordinals, rng) for s in specs]
    inputs = [as_input(s, ordinals, v) for s, v in zip(specs, values, strict=True)]
    findings: list[Finding] = []
    kept: dict[str, list] = {}
    for ordinal in ordinals[HISTORY:]:
        month = to_month(ordinal)
        kept[month] = assess_all(inputs, month, previous=findings, settings=SETTINGS)
        findings += decide(kept[month], open_episodes(findings, before=month), settings=SETTINGS)
    return PanelRun(inputs, values, findings, kept)


def rerun_series(panel: PanelRun, inp: SeriesInput, months: list[str]) -> list[Finding]:
    """Findings of one (modified) series over ``months``, each month's run-wide control made
    with the rest of the panel's tests of that month."""
    key = (inp.indicator, inp.area)
    mine = [f for f in panel.findings if (f.indicator, f.area) == key and f.as_of < months[0]]
    found: list[Finding] = []
    for month in months:
        assessed = assess_all([inp], month, previous=mine + found, settings=SETTINGS)
        others = [a for a in panel.assessments[month] if (a.indicator, a.area) != key]
        episodes = open_episodes(mine + found, before=month)
        found += [
            f
            for f in decide([*others, *assessed], episodes, settings=SETTINGS)
            if (f.indicator, f.area) == key
        ]
    return found


def new_alerts(findings: list[Finding]) -> int:
    return sum(f.status == "new" for f in findings)


# --- experiments ----------------------------------------------------------------------------


def null_rates(panels: list[PanelRun], ordinals: np.ndarray) -> dict[str, float]:
    months = SCORED * len(panels)
    ours = sum(new_alerts(p.findings) for p in panels)
    naive = sum(
        naive_flags(v, t) is not None
        for p in panels
        for v in p.values
        for t in range(HISTORY, ordinals.size)
    )
    series = len(panels[0].inputs)
    return {
        "ours": ours / months,
        "naive": naive / months,
        "ours100": 100 * ours / (months * series),
        "naive100": 100 * naive / (months * series),
    }


def inject(
    panels, specs, ordinals, rng, *, count, eligible, multiplier_for, window, direction="up"
):
    """Detection of injected events: returns rows (mean, our delay or None, naive delay or None)."""
    rows = []
    candidates = [i for i, s in enumerate(specs) if eligible(s)]
    for _ in range(count):
        panel = panels[rng.integers(len(panels))]
        index = int(rng.choice(candidates))
        spec = specs[index]
        start = int(rng.integers(HISTORY, ordinals.size - window))
        multiplier = multiplier_for(ordinals.size, start)
        values = panel.values[index].copy()
        # Same noise before the event; the event months drawn afresh at the new rate.
        values[start:] = simulate(spec, ordinals, rng, multiplier)[start:]
        months = [to_month(o) for o in ordinals[start : start + window]]
        found = rerun_series(panel, as_input(spec, ordinals, values), months)
        ours = min(
            (to_ordinal(f.as_of) - ordinals[start] for f in found if f.direction == direction),
            default=None,
        )
        naive = next(
            (
                t - start
                for t in range(start, start + window)
                if naive_flags(values, t) == direction
            ),
            None,
        )
        rows.append((spec.mean, ours, naive))
    return rows


def one_month(factor: float):
    """The multiplier of an event that changes the rate of its first month only."""

    def multiplier(size: int, start: int) -> np.ndarray:
        multiplier = np.ones(size)
        multiplier[start] = factor
        return multiplier

    return multiplier


def step_multiplier(size: int, start: int) -> np.ndarray:
    multiplier = np.ones(size)
    multiplier[start:] = 1.25
    return multiplier


def trend_multiplier(size: int, start: int) -> np.ndarray:
    multiplier = np.ones(size)
    multiplier[start:] = 1 + 0.03 * np.arange(1, size - start + 1)  # +3% of the level a month
    return multiplier


def rate(rows, within: int, band=(0, math.inf)) -> tuple[float, float, int]:
    chosen = [r for r in rows if band[0] <= r[0] < band[1]]
    ours = sum(r[1] is not None and r[1] <= within for r in chosen) / max(len(chosen), 1)
    naive = sum(r[2] is not None and r[2] <= within for r in chosen) / max(len(chosen), 1)
    return ours, naive, len(chosen)


def median_delay(rows, which: int) -> str:
    delays = [r[which] for r in rows if r[which] is not None]
    return f"{np.median(delays):.0f}" if delays else "-"


def change_point_noise(rng: np.random.Generator) -> tuple[float, float]:
    """Spurious breaks per 100 points of pure noise, and recovery of one break within 2 points."""
    breaks = points = 0
    for n in (36, 60, 120):
        for r in range(3000 // n * 4):
            noise = rng.normal(size=n) if r % 2 else rng.poisson(50, size=n).astype(float)
            breaks += len(change_points(noise))
            points += n
    hits = 0
    for _ in range(300):
        x = rng.poisson(100, size=60).astype(float)
        x[30:] = rng.poisson(125, size=30)
        hits += any(abs(b - 30) <= 2 for b in change_points(x))
    return 100 * breaks / points, hits / 300


def main() -> None:
    began = time.perf_counter()
    rng = np.random.default_rng(SEED)
    first = to_ordinal(START)
    ordinals = np.arange(first, first + HISTORY + SCORED)
    specs = force_specs()
    panels = [run_panel(specs, ordinals, rng) for _ in range(NULL_PANELS)]
    null = null_rates(panels, ordinals)
    small = small_specs(rng)
    small_panel = run_panel(small, ordinals, rng)
    small_null = null_rates([small_panel], ordinals)

    spikes = inject(
        panels,
        specs,
        ordinals,
        rng,
        count=SPIKES,
        eligible=lambda s: s.mean >= 15,
        multiplier_for=one_month(2.0),
        window=1,
    )
    steps = inject(
        panels,
        specs,
        ordinals,
        rng,
        count=STEPS,
        eligible=lambda s: s.mean >= 100,
        multiplier_for=step_multiplier,
        window=6,
    )
    trends = inject(
        panels,
        specs,
        ordinals,
        rng,
        count=TRENDS,
        eligible=lambda s: s.mean >= 15,
        multiplier_for=trend_multiplier,
        window=12,
    )
    drops = inject(
        panels,
        specs,
        ordinals,
        rng,
        count=DROPS,
        eligible=lambda s: s.mean >= 15,
        multiplier_for=one_month(0.5),
        window=1,
        direction="down",
    )
    spurious, recovered = change_point_noise(rng)

    spike_all = rate(spikes, 0)
    step3 = rate(steps, 3)
    lines = [
        f"{len(specs)} null series x {SCORED} months x {NULL_PANELS} panels, seed {SEED}",
        "",
        f"{'':46s}{'scrutiny':>10s}{'naive':>10s}{'target':>12s}",
        f"{'false alarms a month (whole panel)':46s}{null['ours']:10.2f}{null['naive']:10.2f}"
        f"{'<= 0.5':>12s}",
        f"{'false alarms per 100 series-months':46s}{null['ours100']:10.2f}"
        f"{null['naive100']:10.2f}",
        f"{'2x spike detected, mean >= 15':46s}{spike_all[0]:10.1%}{spike_all[1]:10.1%}"
        f"{'>= 95%':>12s}",
    ]
    for low, high in ((15, 40), (40, 100), (100, math.inf)):
        ours, naive, n = rate(spikes, 0, (low, high))
        lines.append(f"{f'   mean {low}-{high} ({n} spikes)':46s}{ours:10.1%}{naive:10.1%}")
    drop = rate(drops, 0)
    lines.append(f"{'halved month (the better way), mean >= 15':46s}{drop[0]:10.1%}{drop[1]:10.1%}")
    lines.append(
        f"{'+25% step found within 3 months, mean >= 100':46s}{step3[0]:10.1%}"
        f"{step3[1]:10.1%}{'>= 90%':>12s}"
    )
    for within in (0, 1, 2, 5):
        ours, naive, _ = rate(steps, within)
        lines.append(f"{f'   within {within} months':46s}{ours:10.1%}{naive:10.1%}")
    for low, high in ((100, 300), (300, math.inf)):
        ours, naive, n = rate(steps, 3, (low, high))
        lines.append(
            f"{f'   mean {low}-{high} ({n} steps), within 3':46s}{ours:10.1%}{naive:10.1%}"
        )
    lines.append(
        f"{'   median delay (months)':46s}{median_delay(steps, 1):>10s}"
        f"{median_delay(steps, 2):>10s}"
    )
    ours, naive, _ = rate(trends, 11)
    lines += [
        f"{'+3%/month trend found within 12 months':46s}{ours:10.1%}{naive:10.1%}",
        f"{'   median delay (months)':46s}{median_delay(trends, 1):>10s}"
        f"{median_delay(trends, 2):>10s}",
        f"{f'small counts (means 0.3-12, {SMALL_SERIES} series):':46s}",
        f"{'   false alarms per 100 series-months':46s}{small_null['ours100']:10.2f}"
        f"{small_null['naive100']:10.2f}",
        f"{'change_points: spurious breaks / 100 points':46s}{spurious:10.2f}{'':10s}{'<= 1':>12s}",
        f"{'change_points: +25% break found within 2':46s}{recovered:10.1%}",
        "",
        f"took {time.perf_counter() - began:.0f} s",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
