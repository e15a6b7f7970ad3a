"""Exceptional months: a point beyond the 3 sigma limits, or 2 of 3 near them on one side."""

from __future__ import annotations

from detectors.candidate import Candidate, History
from detectors.run_rules import two_of_three
from months import to_month


def beyond_limits(history: History) -> Candidate | None:
    """The month tested beyond its 3 sigma limits."""
    baseline, ordinal, value = history.baseline, history.month, history.value
    denominator = history.denominator
    limits = baseline.limits(ordinal, denominator)
    if limits.lower <= value <= limits.upper:
        return None
    return Candidate(
        kind="exceptional",
        direction="up" if value > limits.upper else "down",
        p_value=min(1.0, 2 * baseline.tail(ordinal, value, denominator)),
        method=baseline.method,
        month=to_month(ordinal),
        value=value,
        expected=limits.centre,
        limits=limits,
    )


def two_of_three_near(history: History) -> Candidate | None:
    """Two of the last three observed months (the month tested among them) between the 2 and
    3 sigma limits, all three on one side of the average (run_rules.two_of_three)."""
    baseline, ordinals, values = history.baseline, history.ordinals, history.values
    denominators = history.denominators
    if baseline.trial or values.size < 3:
        return None  # trial limits are too rough for a 2 sigma rule
    recent = slice(-3, None)
    ords, vals = ordinals[recent], values[recent]
    dens = None if denominators is None else denominators[recent]
    z = baseline.z_scores(ords, vals, dens)
    direction = two_of_three(z)
    if direction is None:
        return None
    month_dens = [None] * vals.size if dens is None else [float(d) for d in dens]
    tails = sorted(
        baseline.tail(int(o), float(v), d)
        for o, v, d, zz in zip(ords, vals, month_dens, z, strict=True)
        if 2 < abs(zz) <= 3
    )
    tail = tails[1]  # the less extreme of the two months near the limits
    # The chance of two of three months at least this far out on one side. It leaves out that
    # the third month must be on that side too (whose chance small counts' skew moves away
    # from one half), so it is an upper bound: the rule never claims more than it found.
    p_value = min(1.0, 2 * (3 * tail**2 - 2 * tail**3))
    ordinal = int(ordinals[-1])
    limits = baseline.limits(ordinal, month_dens[-1])
    return Candidate(
        kind="exceptional",
        direction=direction,
        p_value=p_value,
        method=baseline.method,
        month=to_month(ordinal),
        value=float(values[-1]),
        expected=limits.centre,
        limits=limits,
    )
