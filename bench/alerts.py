"""What commanders would be sent: alerts a month, false alerts, events found (run by hand).

    .venv/bin/python bench/alerts.py            # synthetic panels, then the real archive
    .venv/bin/python bench/alerts.py --only synthetic   # or --only real

Three policies, each over the same data:
- **scrutiny**: the monthly run as ``scrutiny run`` does it (detectors.monthly.run_month):
  data checks first, a false-alarm budget per level, findings grouped into events, one alert
  per told event (district events only where a channel subscribes: none here).
- **before**: the policy this replaced: no data checks, one false-alarm budget shared by every
  series of the run (Holm at 0.5), every new finding its own alert.
- **naive**: every series-month beyond the unscreened 3-sigma XmR limits of the 36 months
  before it is an alert.

Synthetic panels: a force of 14 police.uk categories (Lancashire's 2022 means, the Met's
seasonal shapes and extra-Poisson noise, as bench/detectors.py), 3 divisions of 2 districts
each, 8% of crimes with no location (they count for the force only), and two totals (all
crime, acquisitive crime). 36 months of history, then 24 months run one by one. Scenarios:
null (3 seeds), a 2x robbery month in one division (mean about 25), a +25% force-wide
burglary step, a +3%-a-month vehicle-crime trend in one division, a partial upload (every
count of one month at 55%) and a fall in the crimes with no location from 8% to 2% (every
division "rises"; the force does not). A false alert is one about anything but the injected
event.

The real archive: data.police.uk's Lancashire street files 2019-12..2022-10 with the areas
file, ingested into a temporary database and run month by month 2020-01..2022-10 (34 runs).
Needs ../shared/data (or SCRUTINY_SHARED_DATA).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.police_like import CATEGORIES  # noqa: E402
from detectors import SeriesInput  # noqa: E402
from detectors.events import Event, Place  # noqa: E402
from detectors.finding import Finding  # noqa: E402
from detectors.monthly import Context, ForceData, MonthRun, replay_month_runs  # noqa: E402
from detectors.settings import DEFAULT_SETTINGS  # noqa: E402

SEED = 20170630
HISTORY, SCORED = 36, 24
MONTHS = pd.period_range("2016-01", periods=HISTORY + SCORED, freq="M")
SCORED_MONTHS = [str(m) for m in MONTHS[HISTORY:]]
EVENT_AT = HISTORY + 8  # the month an injected event starts (index into MONTHS)
UNLOCATED = 0.08

CATEGORY_NAMES = tuple(c[0] for c in CATEGORIES)
TOTALS = {
    "all-crime": tuple(c for c in CATEGORY_NAMES if c != "anti-social-behaviour"),
    "acquisitive-crime": (
        "bicycle-theft",
        "burglary",
        "other-theft",
        "robbery",
        "shoplifting",
        "theft-from-the-person",
        "vehicle-crime",
    ),
}
DIVISIONS = ("east", "south", "west")
DISTRICTS = {f"{d}-{x}": (d, share) for d in DIVISIONS for x, share in (("a", 0.6), ("b", 0.4))}
PLACES = {
    "force": Place("force", "force"),
    **{d: Place(d, "division", "force") for d in DIVISIONS},
    **{slug: Place(slug, "district", division) for slug, (division, _) in DISTRICTS.items()},
}

# (category, district) -> the month-by-month rate multiplier of a scenario
Multiplier = Callable[[str, str], np.ndarray]


@dataclass(frozen=True)
class Scenario:
    name: str
    # The injected event: (indicator, area) of the alerts that find it; None for no event.
    target: tuple[str, str] | None = None
    multiplier: Multiplier | None = None
    unlocated: np.ndarray | None = None  # the share with no location, by month
    partial: float | None = None  # every count of EVENT_AT times this
    seed: int = SEED


def _ones() -> np.ndarray:
    return np.ones(len(MONTHS))


def _from_event(factor: np.ndarray | float) -> np.ndarray:
    out = _ones()
    out[EVENT_AT:] = factor
    return out


def spike(category: str, district: str) -> np.ndarray:
    out = _ones()
    if category == "robbery" and district.startswith("west"):
        out[EVENT_AT] = 2.0
    return out


def step(category: str, district: str) -> np.ndarray:
    return _from_event(1.25) if category == "burglary" else _ones()


def trend(category: str, district: str) -> np.ndarray:
    if category == "vehicle-crime" and district.startswith("east"):
        return _from_event(1 + 0.03 * np.arange(1, len(MONTHS) - EVENT_AT + 1))
    return _ones()


SCENARIOS = [
    *(Scenario(f"null (seed {i + 1})", seed=SEED + i) for i in range(3)),
    Scenario("2x robbery month, West", ("robbery", "west"), spike, seed=SEED + 10),
    Scenario("+25% burglary step, force-wide", ("burglary", "force"), step, seed=SEED + 11),
    Scenario("+3%/month vehicle crime, East", ("vehicle-crime", "east"), trend, seed=SEED + 12),
    Scenario("partial upload (55%)", partial=0.55, seed=SEED + 13),
    Scenario(
        "no-location share 8% -> 2%",
        unlocated=np.where(np.arange(len(MONTHS)) >= EVENT_AT, 0.02, UNLOCATED),
        seed=SEED + 14,
    ),
]


def simulate(scenario: Scenario) -> tuple[list[SeriesInput], Context]:
    """The panel's series (every area and total) and its context for the run."""
    rng = np.random.default_rng(scenario.seed)
    ordinals = np.arange(len(MONTHS))
    unlocated = scenario.unlocated if scenario.unlocated is not None else _ones() * UNLOCATED
    counts: dict[tuple[str, str], np.ndarray] = {}
    for name, mean, amplitude, peak, cv, shares in CATEGORIES:
        season = 1 + amplitude * np.cos(2 * np.pi * ((ordinals % 12 + 1) - peak) / 12)
        shape = 1 / cv**2
        by_division = dict(zip(DIVISIONS, shares, strict=True))
        areas = {
            **{
                slug: mean * (1 - unlocated) * by_division[division] * share
                for slug, (division, share) in DISTRICTS.items()
            },
            "unlocated": mean * unlocated,
        }
        for area, base in areas.items():
            rates = base * season * rng.gamma(shape, 1 / shape, size=len(MONTHS))
            if scenario.multiplier is not None and area != "unlocated":
                rates = rates * scenario.multiplier(name, area)
            values = rng.poisson(rates).astype(float)
            if scenario.partial is not None:
                values[EVENT_AT] = np.round(values[EVENT_AT] * scenario.partial)
            counts[(name, area)] = values
    by_area: dict[tuple[str, str], np.ndarray] = {}
    for name in CATEGORY_NAMES:
        # As storage serves them (storage.series.located_series): each district counts its
        # share of the category's crimes with no location that month.
        located = sum(counts[(name, s)] for s in DISTRICTS)
        per_located = (located + counts[(name, "unlocated")]) / located
        for slug in DISTRICTS:
            by_area[(name, slug)] = counts[(name, slug)] * per_located
        for division in DIVISIONS:
            by_area[(name, division)] = sum(
                by_area[(name, s)] for s, (d, _) in DISTRICTS.items() if d == division
            )
        by_area[(name, "force")] = located + counts[(name, "unlocated")]
    for total, parts in TOTALS.items():
        for area in PLACES:
            by_area[(total, area)] = sum(by_area[(p, area)] for p in parts)
    inputs = [
        SeriesInput(indicator, area, pd.Series(values, index=MONTHS), level=PLACES[area].kind)
        for (indicator, area), values in by_area.items()
    ]
    force_counts = pd.DataFrame({c: by_area[(c, "force")] for c in CATEGORY_NAMES}, index=MONTHS)
    unlocated_counts = sum(counts[(c, "unlocated")] for c in CATEGORY_NAMES)
    share = pd.Series(unlocated_counts / force_counts.sum(axis=1).to_numpy(), index=MONTHS)
    context = Context(
        places=PLACES,
        components=TOTALS,
        street_indicators=frozenset(i.indicator for i in inputs),
        forces={"force": ForceData(force_counts, unlocated_share=share)},
    )
    return inputs, context


# --- the three policies ---------------------------------------------------------------------


@dataclass(frozen=True)
class Sent:
    """One message a policy would send: what it is about and the month."""

    month: str
    indicator: str
    area: str
    covers: frozenset[tuple[str, str]]  # every (indicator, area) the message tells of
    data_notice: bool = False


def told(event: Event, month: str) -> Sent:
    return Sent(
        month,
        event.lead.indicator,
        event.lead.area,
        frozenset((f.indicator, f.area) for f in event.findings),
        event.lead.kind == "data-quality",
    )


def scrutiny_policy(runs: Sequence[MonthRun]) -> list[Sent]:
    return [
        told(e, run.month)
        for run in runs
        for e in run.grouping.events
        if e.status == "new" and e.top_level
    ]


BEFORE_SETTINGS = replace(DEFAULT_SETTINGS, level_error_rates=(("other", 0.5),))


def before_policy(inputs: Sequence[SeriesInput], context: Context, months: list[str]):
    """One budget for every series, no data checks, a new finding is an alert."""
    flat = [replace(s, level="other") for s in inputs]
    runs = replay_month_runs(flat, months, replace(context, forces={}), settings=BEFORE_SETTINGS)
    return [
        Sent(run.month, f.indicator, f.area, frozenset({(f.indicator, f.area)}))
        for run in runs
        for f in run.findings
        if f.status == "new"
    ]


def naive_policy(inputs: Sequence[SeriesInput], months: list[str]) -> list[Sent]:
    sent = []
    for s in inputs:
        values = s.values
        for month in months:
            at = values.index.get_loc(pd.Period(month, freq="M"))
            window = values.iloc[max(at - 36, 0) : at].dropna().to_numpy()
            value = values.iloc[at]
            if len(window) < 12 or np.isnan(value):
                continue
            mean, mean_mr = window.mean(), np.abs(np.diff(window)).mean()
            if abs(value - mean) > 2.66 * mean_mr:
                sent.append(Sent(month, s.indicator, s.area, frozenset({(s.indicator, s.area)})))
    return sent


# --- scoring --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    per_month: float
    false_per_month: float
    notices: int
    delay: int | None  # months from the event's start to the first alert telling it
    # alerts in months the data problem distorts (partial upload) or about divisions (the
    # no-location shift): the artefacts that must not reach anyone
    artefacts: int


def score(sent: list[Sent], scenario: Scenario, months: list[str]) -> Score:
    start = str(MONTHS[EVENT_AT])

    def is_event(s: Sent) -> bool:
        if scenario.target is None or s.month < start:
            return False
        indicator, area = scenario.target
        # The force-wide step is found by a force alert or by each division's alert.
        areas = {area, *DIVISIONS} if area == "force" else {area}
        return any(i == indicator and a in areas for i, a in s.covers)

    crime = [s for s in sent if not s.data_notice]
    false = [s for s in crime if not is_event(s)]
    hits = sorted(s.month for s in crime if is_event(s))
    delay = (pd.Period(hits[0], freq="M") - pd.Period(start, freq="M")).n if hits else None
    if scenario.partial is not None:
        artefacts = sum(s.month == start for s in crime)
    elif scenario.unlocated is not None:
        artefacts = sum(s.month >= start and PLACES[s.area].kind == "division" for s in crime)
    else:
        artefacts = 0
    return Score(
        len(sent) / len(months),
        len(false) / len(months),
        sum(s.data_notice for s in sent),
        delay,
        artefacts,
    )


def synthetic() -> None:
    print(
        f"Synthetic panels: {len(PLACES)} areas x {len(CATEGORY_NAMES) + len(TOTALS)} "
        f"indicators, {SCORED} months run each; event in month {EVENT_AT - HISTORY + 1}"
    )
    header = (
        f"{'scenario':34} {'policy':9} {'alerts/mo':>9} {'false/mo':>9} "
        f"{'found':>6} {'delay':>5} {'artefacts':>9} {'notices':>7}"
    )
    print(header)
    print("-" * len(header))
    totals: dict[str, list[float]] = {"scrutiny": [], "before": [], "naive": []}
    for scenario in SCENARIOS:
        inputs, context = simulate(scenario)
        runs = replay_month_runs(inputs, SCORED_MONTHS, context)
        policies = {
            "scrutiny": scrutiny_policy(runs),
            "before": before_policy(inputs, context, SCORED_MONTHS),
            "naive": naive_policy(inputs, SCORED_MONTHS),
        }
        for name, sent in policies.items():
            s = score(sent, scenario, SCORED_MONTHS)
            totals[name].append(s.false_per_month)
            found = "-" if scenario.target is None else ("yes" if s.delay is not None else "no")
            delay = "-" if s.delay is None else str(s.delay)
            print(
                f"{scenario.name:34} {name:9} {s.per_month:9.2f} {s.false_per_month:9.2f} "
                f"{found:>6} {delay:>5} {s.artefacts:9d} {s.notices:7d}"
            )
    print(
        "mean false alerts a month over all scenarios: "
        + ", ".join(f"{k} {np.mean(v):.2f}" for k, v in totals.items())
    )


# --- the real archive -----------------------------------------------------------------------


def shared_data() -> Path:
    return Path(os.environ.get("SCRUTINY_SHARED_DATA", ROOT.parent / "shared" / "data"))


def real_archive() -> None:
    from bot.use_cases.detection import load_inputs
    from detectors.monthly import episode_events, run_month
    from storage.db import open_db
    from storage.ingest import ingest, list_inputs

    archive = (
        shared_data()
        / "police-uk-street-lancashire-2019-2022"
        / "lancashire-street-2019-12_2022-10.zip"
    )
    if not archive.exists():
        print(f"\nReal archive: {archive} not found, skipped")
        return
    months = [str(m) for m in pd.period_range("2020-01", "2022-10", freq="M")]
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "bench.db")
        began = time.perf_counter()
        ingest(
            db,
            list_inputs([archive], ROOT / "storage/data/lancashire-areas.csv"),
            now=datetime.now(UTC),
        )
        loaded = time.perf_counter() - began
        inputs = load_inputs(db)
    began = time.perf_counter()
    runs: list[MonthRun] = []
    previous: list[Finding] = []
    earlier: dict = {}
    for month in months:
        run = run_month(inputs.series, month, inputs.context, previous=previous, earlier=earlier)
        runs.append(run)
        previous += run.findings
        earlier.update(episode_events(run))
    ran = time.perf_counter() - began
    ours = scrutiny_policy(runs)
    before = before_policy(inputs.series, inputs.context, months)
    naive = naive_policy(inputs.series, months)
    kinds = {a.slug: a.kind for a in inputs.context.places.values()}
    print(
        f"\nReal archive: Lancashire street files, {len(inputs.series)} series, "
        f"{len(months)} runs (ingest {loaded:.0f} s, runs {ran:.0f} s)"
    )
    print(f"{'policy':9} {'alerts':>6} {'a month':>8} {'force':>6} {'division':>8} {'district':>8}")
    for name, sent in (("scrutiny", ours), ("before", before), ("naive", naive)):
        levels = [kinds.get(s.area, "other") for s in sent]
        print(
            f"{name:9} {len(sent):6d} {len(sent) / len(months):8.2f} "
            f"{levels.count('force'):6d} {levels.count('division'):8d} "
            f"{levels.count('district'):8d}"
        )
    print("scrutiny's alerts:")
    for s in ours:
        others = len(s.covers) - 1
        more = f" (+{others} lines)" if others else ""
        print(f"  {s.month} {'DATA ' if s.data_notice else ''}{s.indicator} / {s.area}{more}")
    asb = [
        s
        for s in ours
        if s.indicator == "anti-social-behaviour" and "2020-03" <= s.month <= "2020-06"
    ]
    print(f"lockdown ASB surge (2020-03..2020-06): {len(asb)} alert(s), at {[s.area for s in asb]}")
    shoplifting = [
        f
        for run in runs
        for f in run.findings
        if f.indicator == "shoplifting" and f.direction == "down" and f.status == "new"
    ]
    print(
        "shoplifting collapse: "
        + (", ".join(f"{f.area} {f.month} ({f.kind})" for f in shoplifting) or "not found")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("synthetic", "real"))
    args = parser.parse_args()
    began = time.perf_counter()
    if args.only != "real":
        synthetic()
    if args.only != "synthetic":
        real_archive()
    print(f"({time.perf_counter() - began:.0f} s)")


if __name__ == "__main__":
    main()
