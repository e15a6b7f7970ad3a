"""Charts render headless to a PNG a phone can show; missing months stay gaps."""

from __future__ import annotations

import struct
from dataclasses import replace

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from messages.chart import DPI, SIZE_INCHES, ChartData, monthly, render_chart
from messages.finding_chart import chart_data, finding_chart
from tests.messages.samples import EXCEPTIONAL, ROBBERY, SATISFACTION, STEP, robbery_series

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
WIDTH, HEIGHT = round(SIZE_INCHES[0] * DPI), round(SIZE_INCHES[1] * DPI)


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == PNG_SIGNATURE and png[12:16] == b"IHDR"
    return struct.unpack(">II", png[16:24])


def assert_phone_png(png: bytes) -> None:
    assert png_size(png) == (WIDTH, HEIGHT)
    assert 10_000 < len(png) < 400_000  # drawn, and small enough to upload quickly


def test_alert_chart_is_a_png_that_states_the_finding(tmp_path):
    chart = finding_chart(EXCEPTIONAL, ROBBERY, "South Division", robbery_series())
    assert_phone_png(chart.png)
    assert chart.filename == "robbery-south-2017-05.png"
    assert "33 robberies in May 2017, over twice the three-year average" in chart.alt_text
    assert "2 months with no data, shown as gaps" in chart.alt_text
    (tmp_path / chart.filename).write_bytes(chart.png)  # for a look when a test fails


def test_chart_covers_at_least_three_years_and_the_baseline():
    data = chart_data(EXCEPTIONAL, robbery_series(months=120))
    assert len(data.series) == 48 and str(data.series.index[-1]) == "2017-05"
    longer = chart_data(EXCEPTIONAL, robbery_series(months=120), flagged=["2017-04"])
    assert longer.flagged == ("2017-04", "2017-05")


def test_a_step_change_is_drawn_to_the_run_month_with_both_levels():
    data = chart_data(STEP, robbery_series("2017-06", 60))
    assert str(data.series.index[-1]) == "2017-06"
    assert data.step_changes == ("2016-02",)
    assert [(level.label, level.value) for level in data.levels] == [
        ("Earlier level", 600),
        ("New level", 720),
    ]


def test_a_shift_is_shaded_as_a_run_with_only_its_latest_month_flagged():
    shift = replace(
        EXCEPTIONAL,
        kind="shift",
        limits=None,
        value=18,
        evidence=replace(EXCEPTIONAL.evidence, rule="shift", start_month="2016-10", run_length=8),
    )
    data = chart_data(shift, robbery_series(), flagged=["2017-03", "2017-04"])
    assert data.run == ("2016-10", "2017-05") and data.flagged == ("2017-05",)
    assert [(level.label, level.value) for level in data.levels] == [("Average", 15.3)]
    assert_phone_png(finding_chart(shift, ROBBERY, "South Division", robbery_series()).png)


def test_missing_months_become_gaps_never_zeros():
    index = pd.PeriodIndex(["2020-01", "2020-02", "2020-05"], freq="M")  # March, April absent
    filled = monthly(pd.Series([3.0, np.nan, 4.0], index=index))
    assert [str(p) for p in filled.index] == ["2020-01", "2020-02", "2020-03", "2020-04", "2020-05"]
    assert filled.isna().tolist() == [False, True, True, True, False]


def test_no_data_and_odd_text_still_draw():
    empty = pd.Series([np.nan] * 40, index=pd.period_range("2019-01", periods=40, freq="M"))
    chart = render_chart(
        ChartData(empty),
        indicator=SATISFACTION,
        title="$x$ <b> & 100% unmatched $",
        subtitle="_",
        alt_text="none",
        filename="x.png",
    )
    assert png_size(chart.png) == (WIDTH, HEIGHT)
    chart = render_chart(
        ChartData(pd.Series(dtype=float)),
        indicator=ROBBERY,
        title="t",
        subtitle="s",
        alt_text="a" * 5000,
        filename="y.png",
    )
    assert len(chart.alt_text) == 2000


values = st.lists(
    st.one_of(st.floats(-1e7, 1e7), st.just(float("nan")), st.just(0.0)), min_size=1, max_size=70
)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=values, flag=st.booleans())
def test_any_series_draws(values, flag):
    series = pd.Series(values, index=pd.period_range("2015-01", periods=len(values), freq="M"))
    data = ChartData(
        series,
        flagged=(str(series.index[-1]),) if flag else (),
        step_changes=(str(series.index[len(values) // 2]),),
    )
    assert png_size(
        render_chart(
            data, indicator=ROBBERY, title="t", subtitle="s", alt_text="a", filename="z.png"
        ).png
    ) == (WIDTH, HEIGHT)


def test_seasonal_limits_are_drawn_for_their_month_only():
    seasonal = replace(EXCEPTIONAL, evidence=replace(EXCEPTIONAL.evidence, seasonal=True))
    data = chart_data(seasonal, robbery_series())
    assert data.seasonal and data.limits_from == "2017-05"
    assert_phone_png(finding_chart(seasonal, ROBBERY, "South Division", robbery_series()).png)
