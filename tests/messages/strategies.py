"""Hypothesis strategies for random findings, names and figures, hostile where it can be."""

from __future__ import annotations

from hypothesis import strategies as st

from detectors.finding import Evidence, Finding, Limits, YearOnYear
from tests.messages.samples import Indicator

HOSTILE = [
    "<!channel>",
    "<@U123ABC>",
    "<https://evil.example|click>",
    "a & b",
    "&amp;",
    "&lt;",
    "*bold*",
    "_it_",
    "`code`",
    "~s~",
    ">quote",
    "$x$",
    "x" * 400,
    "é漢字🙂",
    "\n\n",
    " ",
]
# Names: hostile fragments, arbitrary unicode, and now and then something very long.
names = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(min_size=1, max_size=60),
    st.lists(st.sampled_from(HOSTILE), min_size=1, max_size=12).map("".join),
    st.text(alphabet="<>&*_ab", min_size=200, max_size=3500),
).filter(lambda s: s.strip())
months = st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(1990, 2040), st.integers(1, 12))
figures = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
proportions = st.floats(min_value=0, max_value=1)
RULES = [
    "beyond-limit",
    "2-of-3",
    "shift",
    "trend",
    "step-change",
    "remains-exceptional",
    "back-within-limits",
]


@st.composite
def indicators(draw):
    return Indicator(
        slug=draw(names),
        name=draw(names),
        noun=draw(names),
        theme=draw(names),
        unit=draw(st.sampled_from(["count", "proportion"])),
        bad_direction=draw(st.sampled_from(["up", "down"])),
        sensitive=draw(st.booleans()),
    )


@st.composite
def limits(draw):
    values = sorted(draw(st.lists(figures, min_size=5, max_size=5)))
    lower, near_lower, centre, near_upper, upper = values
    return Limits(
        centre=centre, lower=lower, upper=upper, near_lower=near_lower, near_upper=near_upper
    )


@st.composite
def evidence(draw):
    start, end = sorted(draw(st.lists(months, min_size=2, max_size=2)))
    with_baseline = draw(st.booleans())
    return Evidence(
        rule=draw(st.one_of(st.sampled_from(RULES), names)),
        method=draw(
            st.one_of(
                st.sampled_from(["xmr", "poisson-xmr", "seasonal-xmr", "pelt", "run-rule"]), names
            )
        ),
        baseline_start=start if with_baseline else None,
        baseline_end=end if with_baseline else None,
        baseline_points=draw(st.integers(0, 500)),
        trial_limits=draw(st.booleans()),
        seasonal=draw(st.booleans()),
        p_value=draw(st.none() | st.floats(0, 1)),
        note=draw(st.one_of(st.just(""), names)),
        tests_in_run=draw(st.integers(0, 10_000)),
        start_month=draw(st.none() | months),
        run_length=draw(st.integers(0, 400)),
    )


@st.composite
def findings(draw, indicator_slug: str | None = None):
    value, expected = draw(figures), draw(figures)
    return Finding(
        indicator=indicator_slug or draw(names),
        area=draw(names),
        month=draw(months),
        kind=draw(st.sampled_from(["exceptional", "step-change", "shift", "trend"])),
        direction=draw(st.sampled_from(["up", "down"])),
        value=value,
        expected=expected,
        evidence=draw(evidence()),
        episode=draw(st.text(min_size=1, max_size=64)),
        as_of=draw(months),
        status=draw(st.sampled_from(["new", "continuing", "ended"])),
        limits=draw(st.none() | limits()),
    )


@st.composite
def year_on_year(draw, unit: str = "count"):
    current = draw(proportions if unit == "proportion" else figures)
    previous = draw(proportions if unit == "proportion" else figures)
    p_value = draw(st.none() | st.floats(0, 1))
    return YearOnYear(
        indicator="x",
        area="y",
        as_of=draw(months),
        current=current,
        previous=previous,
        change=current - previous,
        percent=None if previous == 0 else 100 * (current - previous) / previous,
        p_value=p_value,
        significant=p_value is not None and p_value < 0.05,
        unit=unit,
        months_current=draw(st.integers(0, 12)),
        months_previous=draw(st.integers(0, 12)),
    )
