"""Trends: seven or more months rising (or falling) in a row, with a slope that is significant."""

from __future__ import annotations

import math

from detectors.candidate import Candidate, History
from detectors.poisson import two_sided_p
from detectors.run_rules import monotone_run
from months import to_month


def trend(history: History) -> Candidate | None:
    baseline, ordinals, values = history.baseline, history.ordinals, history.values
    settings = history.settings
    if baseline.trial:
        return None
    adjusted = values / baseline.season.factor(ordinals)  # a spring rise in ASB is no trend
    found = monotone_run(adjusted)
    if found is None or found[1] < settings.run_length:
        return None
    direction, length = found
    time = ordinals[-length:].astype(float)
    run = adjusted[-length:]
    centred = time - time.mean()
    sxx = float(centred @ centred)
    slope = float(centred @ (run - run.mean())) / sxx
    # The slope's z-score with the baseline's noise: seven small rises in a row are not enough.
    sigma, df = baseline.level_noise(float(run.mean()))
    z = slope * math.sqrt(sxx) / sigma if sigma > 0 else math.inf
    expected = float(baseline.expected(ordinals[-1:])[0])
    return Candidate(
        kind="trend",
        direction=direction,
        p_value=two_sided_p(z, df),
        method="run-rule",
        month=to_month(ordinals[-1]),
        value=float(values[-1]),
        expected=expected,
        start_month=to_month(ordinals[-length]),
        run_length=length,
        note=f"{'rising' if direction == 'up' else 'falling'} for {length} months, "
        f"{slope:+,.1f} a month (seasonally adjusted)",
    )
