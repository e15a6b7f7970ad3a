"""Data before statistics: problems in a force's month that would pass for crime changes.

A partial upload drops every category of a force by the same factor; a month loaded twice
doubles them; a change in how crimes are geocoded moves crimes between "no location" and the
districts; a month loaded again with other totals changes what earlier alerts were based on;
a figure its source calls provisional may yet change. Told as they are (one plain notice to
analysts, a finding of kind ``data-quality``), they are not alerts, and the months they
distort are not tested.

Pure: the force's monthly counts by category come in as a frame (rows: months as a monthly
PeriodIndex, NaN = not loaded; columns: categories).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from detectors.finding import Direction, Evidence, Finding

# A common factor this far from 1 (a quarter fewer rows, or a quarter more) is a data problem
# when the categories agree on it: real changes differ by category (in the first COVID lockdown
# ASB doubled while shoplifting halved and drugs rose).
COMMON_FACTOR = 1.25
FIRST_YEAR_FACTOR = 1.4  # before a year of history, against the last three months alone
# Agreement: the median absolute deviation of the categories' log ratios. A partial upload at
# 55% gives about 0.05 on Lancashire's categories (Poisson noise and season); April 2020 gave
# 0.3.
AGREEMENT = 0.15
SAME_SIDE = 0.8  # share of categories beyond 10% on the factor's side
MIN_EXPECTED = 20.0  # categories smaller than this say little about a factor
# The usual level: the median of the last three months before. Short, so that a season (most
# crime peaks in summer, in every category alike) does not look like a common factor.
REFERENCE_MONTHS = 3
MIN_REFERENCE = 3
# Location coverage: a lasting change in the share of crimes with no location of at least this
# many percentage points moves every division and district by about as much.
COVERAGE_POINTS = 0.05
COVERAGE_REFERENCE = 6  # months before, whose median is the usual share
CONFIRM_MONTHS = 2  # months at a new share before it is told
NEAR_MONTHS = 3  # a change dated this close to one already told is that one
# The checks, by the rule their findings carry, and how each is said. A notice is told once:
# it has no later months.
DATA_CHECKS: dict[str, str] = {
    "missing-month": "no data loaded for the month",
    "common-factor": "every category moved by about the same factor",
    "location-coverage": "a lasting change in the share of crimes with no recorded location",
    "revised-month": "a month loaded again with different totals",
    "provisional": "figures their source calls provisional",
}
# Checks told as one notice a run however many months or series they find (a re-loaded
# archive revises dozens of months at once): the first finding leads, the rest are its lines.
GROUPED_CHECKS = frozenset({"revised-month", "provisional"})
# A re-loaded month is told when its total moved by at least this share: data.police.uk
# republishes months with small corrections, which change no alert.
REVISION_SHARE = 0.01


@dataclass(frozen=True)
class Revision:
    """A force's month loaded again with other counts: its rows before and after, and the
    new file's digest (which tells one revision of the month from the next)."""

    month: str
    previous_rows: int
    rows: int
    digest: str  # "blake3:<hex>"

    @property
    def change(self) -> float:
        return (self.rows - self.previous_rows) / self.previous_rows if self.previous_rows else 1.0


@dataclass(frozen=True)
class DataCheck:
    """What the checks found for one force in one run: notices, the months whose street
    figures are unreliable (not tested, and left out of later baselines), and whether the
    month's share of crimes with no location jumped from the month before (its divisions' and
    districts' figures are then not tested: the change is not confirmed yet, but the month is
    suspect)."""

    findings: tuple[Finding, ...]
    unreliable: tuple[str, ...]
    coverage_jump: bool = False


def check_force_month(
    force: str,
    counts: pd.DataFrame,
    as_of: str,
    *,
    unlocated_share: pd.Series | None = None,
    told: Sequence[str] = (),
    unreliable: Sequence[str] = (),
) -> DataCheck:
    """Checks of ``force``'s month ``as_of`` (counts up to it; no look-ahead). ``told``: ids
    of data-quality findings already sent, so a problem is told once. ``unreliable``: earlier
    months found distorted, which are no one's usual level (a partial upload a year ago
    would make this month look like rows loaded twice)."""
    counts = counts.sort_index()
    counts = counts[counts.index <= pd.Period(as_of, freq="M")].copy()
    counts.loc[counts.index.isin(pd.PeriodIndex(list(unreliable), freq="M"))] = np.nan
    findings: list[Finding] = []
    distorted: list[str] = []
    month = pd.Period(as_of, freq="M")
    if month not in counts.index or counts[counts.index == month].isna().all(axis=None):
        findings.append(_missing(force, as_of))
    else:
        upload = _common_factor(force, counts, month)
        if upload is not None:
            findings.append(upload)
            distorted.append(as_of)
    jump = False
    if unlocated_share is not None:
        shift = _coverage_shift(force, unlocated_share, month, told)
        if shift is not None:
            findings.append(shift)
        jump = _coverage_jump(unlocated_share, month)
    fresh = tuple(f for f in findings if f.episode not in told)
    return DataCheck(fresh, tuple(distorted), jump)


def _coverage_jump(share: pd.Series, month: pd.Period) -> bool:
    """Whether the month's share of crimes with no location is COVERAGE_POINTS or more from
    the month before's (a change that may not last, or not be confirmed yet). Month on month:
    the months after a confirmed change are handled by the new baseline it starts."""
    observed = share.sort_index()
    observed = observed[(observed.index <= month) & observed.notna()]
    if len(observed) < 2 or observed.index[-1] != month:
        return False
    return abs(float(observed.iloc[-1]) - float(observed.iloc[-2])) >= COVERAGE_POINTS


def revised_months(
    force: str, revisions: Sequence[Revision], as_of: str, *, told: Sequence[str] = ()
) -> list[Finding]:
    """The months up to ``as_of`` loaded again with a total at least REVISION_SHARE away from
    the one before, not told before: latest month first (one notice tells them all)."""
    found = [
        _finding(
            force,
            r.month,
            "revised-month",
            "up" if r.rows > r.previous_rows else "down",
            value=r.rows,
            expected=r.previous_rows,
            note=f"{r.previous_rows:,} rows were loaded for {_month_name(r.month)} before and "
            f"{r.rows:,} now ({r.change:+.1%}): alerts already sent for it used the first "
            "figures; runs from now on use the new ones",
            episode=f"data-quality:{force}:revised-month:{r.month}:{r.digest.split(':')[-1][:16]}",
            as_of=as_of,
        )
        for r in revisions
        if r.month <= as_of and abs(r.change) >= REVISION_SHARE
    ]
    fresh = [f for f in found if f.episode not in told]
    return sorted(fresh, key=lambda f: f.month, reverse=True)


def provisional_figures(
    series: Sequence[tuple[str, str, float]], as_of: str, *, told: Sequence[str] = ()
) -> list[Finding]:
    """A notice for each (indicator, area, value) whose month ``as_of`` its source calls
    provisional: not tested until a final figure is loaded."""
    found = [
        _finding(
            area,
            as_of,
            "provisional",
            "up",
            value=value,
            expected=value,
            note="its source marks the figure as provisional: it is not tested, nor used in "
            "baselines, until a final figure is loaded",
            episode=f"data-quality:{indicator}:{area}:provisional:{as_of}",
            indicator=indicator,
        )
        for indicator, area, value in series
    ]
    return [f for f in found if f.episode not in told]


def _month_name(month: str) -> str:
    return pd.Period(month, freq="M").strftime("%B %Y")


def _missing(force: str, as_of: str) -> Finding:
    return _finding(
        force,
        as_of,
        "missing-month",
        "down",
        value=0,
        expected=0,
        note="no street-level file for this month has been loaded: it is not tested, and "
        "it stays missing (not zero) until it is",
        episode=f"data-quality:{force}:missing-month:{as_of}",
    )


def _usual(counts: pd.DataFrame, month: pd.Period) -> tuple[pd.Series, float] | None:
    """Each category's usual level for ``month``: the same month a year before, scaled by how
    the last three months compare with the same three a year before (so that a season, which
    most categories share, is not a common factor); without that year, the median of the last
    three months, with a wider margin (a season then passes for a factor more easily). Returns
    the levels and the factor beyond which a common factor is a data problem."""
    last = [month - k for k in range(1, REFERENCE_MONTHS + 1)]
    year_ago = [m - 12 for m in last]
    known = set(counts.dropna(how="all").index)
    if month - 12 in known and all(m in known for m in (*last, *year_ago)):
        level = counts.loc[last].sum() / counts.loc[year_ago].sum()
        return counts.loc[[month - 12]].iloc[0] * level, COMMON_FACTOR
    before = counts[counts.index < month].dropna(how="all").tail(REFERENCE_MONTHS)
    return (before.median(), FIRST_YEAR_FACTOR) if len(before) >= MIN_REFERENCE else None


def _common_factor(force: str, counts: pd.DataFrame, month: pd.Period) -> Finding | None:
    reference = _usual(counts, month)
    if reference is None:
        return None
    usual, bound = reference
    now = counts[counts.index == month].iloc[0]
    keep = (usual >= MIN_EXPECTED) & now.notna()
    if keep.sum() < 3:
        return None
    logs = np.log(np.maximum(now[keep].to_numpy(float), 0.5) / usual[keep].to_numpy(float))
    factor = float(np.exp(np.median(logs)))
    spread = float(np.median(np.abs(logs - np.median(logs))))
    side = np.mean(logs < -math.log(1.1)) if factor < 1 else np.mean(logs > math.log(1.1))
    if abs(math.log(factor)) < math.log(bound) or spread > AGREEMENT or side < SAME_SIDE:
        return None
    total, expected = float(now[keep].sum()), float(usual[keep].sum())
    direction: Direction = "down" if factor < 1 else "up"
    what = "a partial or late upload" if factor < 1 else "rows loaded twice"
    note = (
        f"every category is at about {factor:.0%} of its usual level ({total:,.0f} against "
        f"about {expected:,.0f}), which looks like {what}, not a change in crime: the month "
        "is not tested"
    )
    return _finding(
        force,
        str(month),
        "common-factor",
        direction,
        value=total,
        expected=expected,
        note=note,
        episode=f"data-quality:{force}:common-factor:{month}",
    )


def _coverage_shift(
    force: str, share: pd.Series, month: pd.Period, told: Sequence[str]
) -> Finding | None:
    """A change in the share of crimes with no location that has held for CONFIRM_MONTHS
    months: each of them at least COVERAGE_POINTS away from the median of the REFERENCE
    months before, on the same side, and the month before them not. Told once: a change
    dated near one already told is that one."""
    observed = share.sort_index()
    observed = observed[(observed.index <= month) & observed.notna()]
    if len(observed) < CONFIRM_MONTHS + COVERAGE_REFERENCE or observed.index[-1] != month:
        return None
    recent = observed.iloc[-CONFIRM_MONTHS:]
    before = observed.iloc[-CONFIRM_MONTHS - COVERAGE_REFERENCE : -CONFIRM_MONTHS]
    old = float(before.median())
    gaps = recent.to_numpy(float) - old
    same_side = bool(np.all(gaps >= COVERAGE_POINTS) or np.all(gaps <= -COVERAGE_POINTS))
    if not same_side or abs(float(before.iloc[-1]) - old) >= COVERAGE_POINTS:
        return None
    began = recent.index[0]
    earlier = [
        pd.Period(t.rsplit(":", 1)[1], freq="M")
        for t in told
        if t.startswith(f"data-quality:{force}:location-coverage:")
    ]
    if any(abs((began - e).n) <= NEAR_MONTHS for e in earlier):
        return None
    new = float(recent.median())
    note = (
        f"since {began.strftime('%B %Y')} about {new:.0%} of crimes have no recorded "
        f"location, against about {old:.0%} before: division and district figures would move "
        "by about as much for that reason alone, so each counts its share of those crimes"
    )
    return _finding(
        force,
        str(month),
        "location-coverage",
        "up" if new > old else "down",
        value=new,
        expected=old,
        note=note,
        episode=f"data-quality:{force}:location-coverage:{began}",
        start=str(began),
    )


def _finding(
    force: str,
    month: str,
    rule: str,
    direction: Direction,
    *,
    value: float,
    expected: float,
    note: str,
    episode: str,
    start: str | None = None,
    as_of: str | None = None,
    indicator: str = "all-crime-and-asb",
) -> Finding:
    evidence = Evidence(
        rule=rule,
        method="data-check",
        baseline_start=None,
        baseline_end=None,
        baseline_points=0,
        note=note,
        start_month=start,
    )
    return Finding(
        indicator=indicator,
        area=force,
        month=month,
        kind="data-quality",
        direction=direction,
        value=value,
        expected=expected,
        evidence=evidence,
        episode=episode,
        as_of=as_of or month,
    )
