"""Synthetic inputs for the message tests: indicators, findings, series, year-on-year figures.

The numbers follow the 2017 report (South Division robbery peak of 33 in May 2017).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from detectors.finding import Evidence, Finding, Limits, YearOnYear


@dataclass(frozen=True)
class Indicator:
    """Satisfies messages.model.IndicatorInfo, as storage.catalogue.Indicator does."""

    slug: str
    name: str
    noun: str
    theme: str
    unit: str = "count"
    bad_direction: str = "up"
    sensitive: bool = False


ROBBERY = Indicator("robbery", "Robbery", "robberies", "Tackling Crime & Re-offending")
SHOPLIFTING = Indicator(
    "shoplifting", "Shoplifting", "shoplifting offences", "Tackling Crime & Re-offending"
)
ALL_CRIME = Indicator("all-crime", "All crime", "crimes", "Tackling Crime & Re-offending")
RAPE = Indicator("rape", "Rape", "rapes", "Supporting Vulnerable People & Victims", sensitive=True)
SATISFACTION = Indicator(
    "victim-satisfaction",
    "Victim satisfaction",
    "satisfied victims",
    "Developing Confident Communities",
    unit="proportion",
    bad_direction="down",
)
OFFICERS = Indicator(
    "police-officers",
    "Police officers (headcount)",
    "officers",
    "Protecting Local Policing",
    bad_direction="down",
)

LIMITS = Limits(centre=15.3, lower=4.1, upper=24.0, near_lower=7.8, near_upper=20.2)
EVIDENCE = Evidence(
    rule="beyond-limit",
    method="xmr",
    baseline_start="2014-05",
    baseline_end="2017-04",
    baseline_points=36,
)

EXCEPTIONAL = Finding(
    indicator="robbery",
    area="south",
    month="2017-05",
    kind="exceptional",
    direction="up",
    value=33,
    expected=15.3,
    evidence=EVIDENCE,
    episode="robbery-south-2017-05",
    as_of="2017-05",
    limits=LIMITS,
)
CONTINUING = replace(EXCEPTIONAL, month="2017-06", as_of="2017-06", value=30, status="continuing")
ENDED = replace(EXCEPTIONAL, month="2017-07", as_of="2017-07", value=18, status="ended")
STEP = Finding(
    indicator="shoplifting",
    area="lancashire",
    month="2016-02",
    kind="step-change",
    direction="up",
    value=720,
    expected=600,
    evidence=Evidence(
        rule="step-change",
        method="pelt",
        baseline_start="2013-01",
        baseline_end="2016-01",
        baseline_points=37,
    ),
    episode="shoplifting-lancashire-2016-02",
    as_of="2017-06",
)
LOW_SATISFACTION = Finding(
    indicator="victim-satisfaction",
    area="lancashire",
    month="2017-06",
    kind="exceptional",
    direction="down",
    value=0.71,
    expected=0.80,
    evidence=replace(
        EVIDENCE,
        baseline_start="2014-06",
        baseline_end="2017-05",
        trial_limits=False,
        seasonal=False,
        p_value=0.004,
    ),
    episode="victim-satisfaction-lancashire-2017-06",
    as_of="2017-06",
    limits=Limits(0.80, 0.74, 0.86, 0.76, 0.84),
)

ROBBERY_YOY = YearOnYear(
    indicator="robbery",
    area="lancashire",
    as_of="2017-05",
    current=750,
    previous=540,
    change=210,
    percent=38.9,
    p_value=0.0001,
    significant=True,
)
SATISFACTION_YOY = YearOnYear(
    indicator="victim-satisfaction",
    area="lancashire",
    as_of="2017-05",
    current=0.797,
    previous=0.826,
    change=-0.029,
    percent=-3.5,
    p_value=0.21,
    significant=False,
    unit="proportion",
)


def robbery_series(last: str = "2017-05", months: int = 48, seed: int = 1) -> pd.Series:
    """Monthly robberies around 15 with two missing months and 33 in the last month."""
    index = pd.period_range(end=last, periods=months, freq="M")
    values = np.random.default_rng(seed).poisson(15, months).astype(float)
    values[-1] = 33
    values[[14, 15]] = np.nan
    return pd.Series(values, index=index)


def yoy(
    indicator: str,
    area: str,
    current: float,
    previous: float,
    *,
    p: float = 0.01,
    as_of: str = "2017-05",
) -> YearOnYear:
    change = current - previous
    return YearOnYear(
        indicator=indicator,
        area=area,
        as_of=as_of,
        current=current,
        previous=previous,
        change=change,
        percent=change / previous * 100 if previous else None,
        p_value=p,
        significant=p < 0.05,
    )


FORCE = "Lancashire"
DIVISIONS = ("East Division", "South Division", "West Division")


MODERN_SLAVERY = Indicator(
    "modern-slavery",
    "Modern slavery",
    "modern slavery crimes",
    "Supporting Vulnerable People & Victims",
    sensitive=True,
)


def national_all_crime():
    """The report's table for all crime, 12 months to June 2017 (its own figures)."""
    from detectors.comparison import Comparison, Rank, Row

    def row(level, area, name, current, change):
        previous = current - change
        return Row(
            level,
            area,
            name,
            "police recorded crime (Home Office)",
            current,
            previous,
            change,
            100 * change / previous,
        )

    return Comparison(
        indicator="all-crime",
        month="2017-06",
        measure="rolling-total",
        rows=(
            row("force", "lancashire", "Lancashire", 111_900, 12_168),
            row("region", "north-west", "North West", 620_000, 111_809),
            row("group", "msg", "MSG", 1_035_000, 168_177),
            row("national", "england-and-wales", "England & Wales", 4_440_000, 548_727),
        ),
        forces_up=43,
        forces=43,
        ranks=(
            Rank("group", "msg", "MSG", 2, 8),
            Rank("national", "england-and-wales", "England & Wales", 12, 43),
        ),
        notes=(),
    )


def report_inputs(*, charts: bool = True):
    """Figures and what the run posted for a digest or report of May 2017: six indicators
    (two sensitive, one of them small numbers, one a proportion), the force and its three
    divisions; all crime with its drivers and the national table."""
    from messages.chart import ChartData
    from messages.inputs import AreaFigure, Driver, IndicatorFigures, NamedFinding, Told

    totals = {  # indicator: (force current, previous, divisions as (current, previous), p)
        ALL_CRIME: (
            (111_320, 99_300),
            [(41_210, 36_469), (31_330, 27_676), (38_780, 35_155)],
            0.0001,
        ),
        ROBBERY: ((750, 540), [(260, 190), (240, 160), (250, 190)], 0.0001),
        SHOPLIFTING: ((8_600, 7_430), [(3_000, 2_600), (2_700, 2_400), (2_900, 2_430)], 0.0001),
        RAPE: ((1_073, 863), [(399, 322), (264, 210), (410, 331)], 0.0001),
    }
    figures = []
    for indicator, ((current, previous), divisions, p) in totals.items():
        areas = (
            AreaFigure(FORCE, yoy(indicator.slug, "lancashire", current, previous, p=p)),
            *(
                AreaFigure(
                    name,
                    yoy(indicator.slug, name.split()[0].lower(), c, pr, p=0.3 if i == 2 else p),
                )
                for i, (name, (c, pr)) in enumerate(zip(DIVISIONS, divisions, strict=True))
            ),
        )
        series = robbery_series(seed=len(figures)) * (current / 750)
        chart = ChartData(
            series,
            limits=LIMITS if indicator is ROBBERY else None,
            limits_from="2014-05",
            flagged=("2017-05",) if indicator is ROBBERY else (),
        )
        extra = {}
        if indicator is ALL_CRIME:
            extra = {
                "national": national_all_crime(),
                "drivers": (
                    Driver("Shoplifting", 1_170, 0.43),
                    Driver("Robbery", 210, 0.08),
                ),
                "statements": (
                    "The main categories which have contributed to the increase in All crime in "
                    "Lancashire in the 'In Year Performance' versus the 'Previous 12 Month "
                    "Period' are: Shoplifting - Up 1,170 crimes (15.7%); Robbery - Up 210 "
                    "crimes (38.9%). Shoplifting accounts for approximately 43% of the increase "
                    "in All crime, whereas Robbery accounts for approximately 8%. There have "
                    "been favourable results in: Bicycle theft - Down 170 crimes (-8.8%).",
                    "All crime in Lancashire has been on an upward trend since February 2015 "
                    "(about 6.2% a year, seasonally adjusted).",
                    "All crime in Lancashire: if current trends are maintained we are projecting "
                    "an increase of 14.7% in 2017/18 (likely range +9.1% to +20.3%: 127,700 "
                    "crimes against 111,320 in 2016/17).",
                ),
            }
        figures.append(IndicatorFigures(indicator, areas, chart if charts else None, **extra))
    slavery = (
        AreaFigure(FORCE, yoy("modern-slavery", "lancashire", 57, 8, p=0.0001)),
        *(
            AreaFigure(name, yoy("modern-slavery", name.split()[0].lower(), 19, 3, p=0.01))
            for name in DIVISIONS
        ),
    )
    figures.append(IndicatorFigures(MODERN_SLAVERY, slavery))
    satisfaction = (
        AreaFigure(FORCE, SATISFACTION_YOY),
        *(AreaFigure(name, replace(SATISFACTION_YOY, area=name)) for name in DIVISIONS),
    )
    figures.append(IndicatorFigures(SATISFACTION, satisfaction))
    findings = [
        NamedFinding(EXCEPTIONAL, ROBBERY, "South Division"),
        NamedFinding(replace(CONTINUING, area="west", month="2017-05"), ROBBERY, "West Division"),
        NamedFinding(replace(ENDED, area="east", month="2017-05"), ROBBERY, "East Division"),
        NamedFinding(
            replace(
                EXCEPTIONAL,
                indicator="rape",
                area="lancashire",
                value=120,
                expected=72,
                limits=Limits(72, 40, 104, 51, 93),
            ),
            RAPE,
            FORCE,
        ),
    ]
    return figures, Told(alerts=(findings[0], findings[3]), follow_ups=(findings[1], findings[2]))
