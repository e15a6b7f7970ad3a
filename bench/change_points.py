"""Change-point search against "no change" and the former search (run by hand).

    .venv/bin/python bench/change_points.py

1. The Turing Change Point Dataset's development series (van den Burg & Williams 2020), scored
   with ../shared/tools/tcpd_score.py's own metrics (F1 with a margin of 5 points against every
   annotator, segmentation covering; means over the 9 real series).
2. Seeded police-like monthly counts, 60 months (Poisson with 5% extra-Poisson noise, mean 200;
   a +25% step at month 40; trend +0.8% a month; season +-25%; small counts of mean 3):
   spurious breaks per 100 points (any break more than 3 months from a real step), the share of
   steps found within 3 months, and the delay to a step: months after it until the search, run
   on the months known by then, first puts a break within 3 months of it (0: in the month of
   the step itself; steps not found in 12 months count as missed).
The former search (first-difference noise, steps only) is kept here, and only here, to compare.
Prints one table; takes about a minute.
"""

from __future__ import annotations

import importlib.util
import json
import math
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import ruptures as rpt

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from detectors import change_points  # noqa: E402
from detectors.xmr import xmr  # noqa: E402

SEED = 20200306
MONTHS, STEP_AT, SERIES = 60, 40, 200
DELAY_HORIZON = 12


def _tcpd_score_module():
    """../shared/tools/tcpd_score.py, beside the checkout (or beside its parent, for a worktree)."""
    for base in (ROOT.parent, ROOT.parent.parent):
        path = base / "shared" / "tools" / "tcpd_score.py"
        if path.exists():
            spec = importlib.util.spec_from_file_location("tcpd_score", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
    sys.exit("../shared/tools/tcpd_score.py not found")


# --- the former search (before trends, seasons and autocorrelation were modelled) ------------


def former_change_points(values: list[float]) -> list[int]:
    """Anscombe for counts, noise from the screened moving range of first differences (XmR
    sigma), PELT on the l2 cost with a penalty of 2.5 log(n)."""
    array = np.asarray(values, dtype=float)
    observed = np.flatnonzero(np.isfinite(array))
    points = array[observed]
    if points.size < 4:
        return []
    if np.all(points >= 0) and np.all(points == np.round(points)):
        points = 2.0 * np.sqrt(points + 3.0 / 8.0)
    scale = xmr(points).sigma
    if not scale > 0:
        return [int(observed[i]) for i in np.flatnonzero(np.diff(points)) + 1]
    search = rpt.KernelCPD(kernel="linear", min_size=2, jump=1).fit(points / scale)
    ends = search.predict(pen=2.5 * math.log(points.size))
    return [int(observed[end]) for end in ends[:-1]]


def no_change(values: list[float]) -> list[int]:
    return []


METHODS: dict[str, Callable[[list[float]], list[int]]] = {
    "no change": no_change,
    "former": former_change_points,
    "scrutiny": change_points,
}


# --- TCPD ------------------------------------------------------------------------------------


def tcpd(score) -> dict[str, tuple[float, float]]:
    folder = Path(score.HERE)
    annotations = json.loads((folder / "annotations.json").read_text())
    results = {}
    for name, method in METHODS.items():
        f1s, covers = [], []
        for series in sorted(annotations):
            if series.startswith("quality_control"):
                continue  # simulated; the means are over the real series, as in the paper
            data = json.loads((folder / "series" / series / f"{series}.json").read_text())
            values = [math.nan if v is None else float(v) for v in data["series"][0]["raw"]]
            found = method(values)
            f1s.append(score.f_measure(annotations[series], found))
            covers.append(score.covering(annotations[series], found, len(values)))
        results[name] = (float(np.mean(f1s)), float(np.mean(covers)))
    return results


# --- police-like series ----------------------------------------------------------------------


def rates(kind: str) -> tuple[np.ndarray, int | None]:
    t = np.arange(MONTHS)
    mean = 3.0 if kind == "small counts" else 200.0
    rate = np.full(MONTHS, mean)
    if "trend" in kind:
        rate = rate * 1.008**t
    if "seasonal" in kind:
        rate = rate * (1 + 0.25 * np.cos(2 * np.pi * (t - 6) / 12))
    step = STEP_AT if "step" in kind else None
    if step is not None:
        rate = rate * np.where(t >= step, 1.25, 1.0)
    return rate, step


def simulate(rate: np.ndarray, rng: np.random.Generator, extra_cv: float = 0.05) -> np.ndarray:
    shape = 1 / extra_cv**2
    return rng.poisson(rate * rng.gamma(shape, 1 / shape, size=rate.size)).astype(float)


def delay(method, values: np.ndarray, step: int) -> int | None:
    for known in range(step + 1, min(step + DELAY_HORIZON, values.size) + 1):
        if any(abs(b - step) <= 3 for b in method(list(values[:known]))):
            return known - 1 - step
    return None


KINDS = (
    "flat",
    "step",
    "trend",
    "trend + step",
    "seasonal",
    "seasonal + step",
    "small counts",
)


def police() -> dict[tuple[str, str], tuple[float, float | None, float | None]]:
    """(kind, method) -> (spurious breaks per 100 points, share found within 3, median delay)."""
    out = {}
    for kind in KINDS:
        rate, step = rates(kind)
        rng = np.random.default_rng([SEED, KINDS.index(kind)])
        series = [simulate(rate, rng) for _ in range(SERIES)]
        for name, method in METHODS.items():
            spurious = found = 0
            delays = []
            for values in series:
                breaks = method(list(values))
                near = [b for b in breaks if step is not None and abs(b - step) <= 3]
                spurious += len(breaks) - min(len(near), 1)
                found += bool(near)
                if step is not None:
                    d = delay(method, values, step)
                    delays.append(math.inf if d is None else d)
            out[kind, name] = (
                100 * spurious / (SERIES * MONTHS),
                found / SERIES if step is not None else None,
                float(np.median(delays)) if delays else None,
            )
    return out


def main() -> None:
    began = time.perf_counter()
    score = _tcpd_score_module()
    benchmark = tcpd(score)
    synthetic = police()
    names = list(METHODS)
    lines = [
        "TCPD development series (9 real), means",
        f"{'':28s}" + "".join(f"{n:>22s}" for n in names),
        f"{'F1 (margin 5)':28s}" + "".join(f"{benchmark[n][0]:22.3f}" for n in names),
        f"{'segmentation covering':28s}" + "".join(f"{benchmark[n][1]:22.3f}" for n in names),
        "",
        f"police-like series: {SERIES} x {MONTHS} months each, +25% step at month {STEP_AT}, "
        f"seed {SEED}",
        "spurious breaks per 100 points / steps found within 3 months / median delay (months)",
        f"{'':28s}" + "".join(f"{n:>22s}" for n in names),
    ]
    for kind in KINDS:
        cells = []
        for name in names:
            spurious, found, median = synthetic[kind, name]
            cell = f"{spurious:.2f}"
            if found is not None:
                shown = "-" if median is None or math.isinf(median) else f"{median:.0f}"
                cell += f" / {found:4.0%} / {shown}"
            cells.append(f"{cell:>22s}")
        lines.append(f"{kind:28s}" + "".join(cells))
    lines += ["", f"took {time.perf_counter() - began:.0f} s"]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
