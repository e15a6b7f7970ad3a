"""The comparison of an area with its parents and peers, on hand-made figures."""

from __future__ import annotations

import math

import pytest

from detectors.comparison import (
    MissingFigures,
    Parent,
    Periods,
    compare,
    needed_months,
    out_of_step,
    percent_change,
    pooled_periods,
    rank_place,
    unit_periods,
)


def test_a_rolling_total_is_read_at_the_month_and_a_year_before():
    values = {"2016-06": 11688.0, "2016-09": 1.0, "2017-03": 2.0, "2017-06": 13000.0}
    assert unit_periods(values, "2017-06", "rolling-total") == Periods(13000, 11688)


def test_monthly_counts_are_summed_over_each_twelve_months():
    months = needed_months("2017-06", "monthly-count")
    assert months[0] == "2017-06" and months[11] == "2016-07" and months[12] == "2016-06"
    assert months[-1] == "2015-07"
    values = {m: (2.0 if i < 12 else 1.0) for i, m in enumerate(months)}
    values["2015-06"] = 1000.0  # outside both periods
    assert unit_periods(values, "2017-06", "monthly-count") == Periods(24, 12)


def test_a_missing_value_names_its_months():
    values = dict.fromkeys(needed_months("2017-06", "monthly-count"), 1.0)
    del values["2016-08"]
    values["2016-09"] = math.nan
    with pytest.raises(MissingFigures) as caught:
        unit_periods(values, "2017-06", "monthly-count")
    assert caught.value.months == ("2016-08", "2016-09")
    with pytest.raises(MissingFigures, match="2016-06"):
        unit_periods({"2017-06": 5.0}, "2017-06", "rolling-total")


def test_an_unknown_measure_is_refused():
    with pytest.raises(ValueError, match="pooled"):
        unit_periods({}, "2017-06", "pooled")  # type: ignore[arg-type]


def test_a_stock_is_the_month_against_a_year_before_never_summed():
    headcounts = {f"2016-{m:02d}": 2850.0 + m for m in range(1, 13)}
    headcounts |= {f"2017-{m:02d}": 2855.0 + m for m in range(1, 7)}
    headcounts |= {"2016-06": 2860.0, "2017-06": 2864.0}
    assert unit_periods(headcounts, "2017-06", "stock") == Periods(2864, 2860)
    with pytest.raises(MissingFigures, match="2017-07"):
        unit_periods(headcounts, "2017-07", "stock")


def test_percent_change_is_none_from_nothing():
    assert percent_change(Periods(12168 + 99731, 99731)) == pytest.approx(12.2008, abs=1e-4)
    assert percent_change(Periods(5, 0)) is None


def test_ranks_go_from_the_largest_fall_when_up_is_bad_and_ties_share():
    figures = {
        "a": Periods(90, 100),  # -10%
        "b": Periods(110, 100),  # +10%
        "c": Periods(110, 100),  # +10%
        "d": Periods(130, 100),  # +30%
        "e": Periods(5, 0),  # no percentage: not ranked
    }
    assert rank_place("a", figures, "up") == (1, 4)
    assert rank_place("b", figures, "up") == (2, 4)
    assert rank_place("c", figures, "up") == (2, 4)
    assert rank_place("d", figures, "up") == (4, 4)
    assert rank_place("d", figures, "down") == (1, 4)
    assert rank_place("e", figures, "up") is None


FORCES = {
    "lancs": Periods(13000, 11688),
    "cumbria": Periods(1500, 1600),
    "gmp": Periods(30000, 27000),
    "kent": Periods(9000, 9500),
}
NAMES = {"lancs": "Lancashire", "cumbria": "Cumbria", "gmp": "GMP", "kent": "Kent"}


def force_comparison(figures, national_members=("lancs", "cumbria", "gmp", "kent")):
    return compare(
        indicator="burglary",
        month="2017-06",
        measure="rolling-total",
        source="police recorded crime (Home Office)",
        bad_direction="up",
        subject=("force", "lancs", "Lancashire"),
        figures=figures,
        parents=[
            Parent("region", "nw", "North West Region", ("lancs", "cumbria", "gmp")),
            Parent("group", "msg", "MSG", ("lancs", "kent")),
            Parent("national", "ew", "England & Wales", national_members),
        ],
        names=NAMES,
    )


def test_a_force_beside_its_region_group_and_country():
    result = force_comparison(FORCES)
    assert [(r.level, r.current, r.previous, r.change) for r in result.rows] == [
        ("force", 13000, 11688, 1312),
        ("region", 44500, 40288, 4212),
        ("group", 22000, 21188, 812),
        ("national", 53500, 49788, 3712),
    ]
    assert result.rows[0].percent == pytest.approx(100 * 1312 / 11688)
    assert {r.source for r in result.rows} == {"police recorded crime (Home Office)"}
    assert (result.forces_up, result.forces) == (2, 4)
    # Lancashire +11.2%, GMP +11.1%, Cumbria -6.3%, Kent -5.3%.
    assert [(r.level, r.place, r.of) for r in result.ranks] == [
        ("region", 3, 3),
        ("group", 2, 2),
        ("national", 4, 4),
    ]
    assert result.notes == ()


def test_a_parent_with_a_member_missing_gets_no_total_rank_or_count():
    figures = {k: v for k, v in FORCES.items() if k != "gmp"}
    result = force_comparison(figures)
    assert [r.level for r in result.rows] == ["force", "group"]
    assert [r.level for r in result.ranks] == ["group"]
    assert (result.forces_up, result.forces) == (None, None)
    assert len(result.notes) == 2
    assert "North West Region: 2 of its 3 areas" in result.notes[0]
    assert "GMP" in result.notes[0]


def test_a_parent_with_its_own_figures_is_shown_as_they_are():
    """A force against its divisions: the force counts crimes no division does."""
    result = compare(
        indicator="robbery",
        month="2017-06",
        measure="monthly-count",
        source="police.uk street-level",
        bad_direction="up",
        subject=("division", "south", "South Division"),
        figures={"south": Periods(280, 275), "east": Periods(300, 250), "west": Periods(10, 20)},
        parents=[
            Parent("force", "lancs", "Lancashire", ("south", "east", "west"), Periods(1030, 985))
        ],
        names={},
    )
    assert [(r.level, r.current, r.previous) for r in result.rows] == [
        ("division", 280, 275),
        ("force", 1030, 985),
    ]
    assert [(r.place, r.of) for r in result.ranks] == [(2, 3)]
    assert result.forces_up is None


def test_the_country_as_subject_is_one_row_with_its_count():
    figures = {**FORCES, "ew": Periods(53500, 49788)}
    result = compare(
        indicator="burglary",
        month="2017-06",
        measure="rolling-total",
        source="s",
        bad_direction="up",
        subject=("national", "ew", "England & Wales"),
        figures=figures,
        parents=[Parent("national", "ew", "England & Wales", tuple(FORCES))],
        names=NAMES,
    )
    assert [r.level for r in result.rows] == ["national"]
    assert (result.forces_up, result.forces) == (2, 4)
    assert result.ranks == ()


def test_a_proportion_is_pooled_over_its_respondents():
    months = [f"{y}-{m:02d}" for y in (2016, 2017) for m in range(1, 13)]
    # Previous 12: 90 of 100 each month. Last 12: 90 of 100 in six months, 150 of 300 in six:
    # pooled (540 + 900) / (600 + 1,800) = 60%, where the mean of the monthly rates is 70%.
    yes = dict.fromkeys(months[:18], 90.0) | dict.fromkeys(months[18:], 150.0)
    asked = dict.fromkeys(months[:18], 100.0) | dict.fromkeys(months[18:], 300.0)
    found = pooled_periods(yes, asked, "2017-12")
    assert found.current == pytest.approx(0.60) and found.previous == pytest.approx(0.90)
    with pytest.raises(MissingFigures, match="2017-03"):
        pooled_periods(yes, {**asked, "2017-03": 0.0}, "2017-12")


def test_proportions_rank_by_their_change_in_points():
    # Satisfaction (a fall is bad): a rose 10 points (+14.3%), b 8 points from a low base (+25%).
    figures = {"a": Periods(0.80, 0.70), "b": Periods(0.40, 0.32), "c": Periods(0.60, 0.62)}
    assert rank_place("a", figures, "down", "proportion") == (1, 3)
    assert rank_place("b", figures, "down", "proportion") == (2, 3)
    assert rank_place("b", figures, "down") == (1, 3)  # by percentage change b would be 1st
    assert rank_place("c", figures, "down", "proportion") == (3, 3)


# Out of step: Lancashire's change set beside the country's in its alert --------------------


def test_a_force_moving_with_its_country_is_not_out_of_step():
    # Lancashire +11.2% (1,312 / 11,688), England & Wales +7.5% (3,712 / 49,788): 3.8 points.
    assert out_of_step(force_comparison(FORCES)) is None


def test_a_force_five_points_or_more_from_its_country_is_out_of_step():
    # Lancashire 13,000 against 10,000 (+30%); England & Wales 53,500 / 48,100 (+11.2%).
    step = out_of_step(force_comparison({**FORCES, "lancs": Periods(13000, 10000)}))
    assert step is not None
    assert (step.subject.name, step.beside.level, step.month) == (
        "Lancashire",
        "national",
        "2017-06",
    )
    assert step.subject.percent == pytest.approx(30.0)
    assert step.beside.percent == pytest.approx(100 * 5400 / 48100)


def test_without_the_country_the_force_is_set_beside_its_region():
    # Only the North West's members have figures: no national total, the region is the widest.
    figures = {k: v for k, v in FORCES.items() if k != "kent"} | {"lancs": Periods(13000, 10000)}
    step = out_of_step(force_comparison(figures))
    assert step is not None
    assert step.beside.level == "region"
    # North West: 44,500 against 38,600.
    assert step.beside.percent == pytest.approx(100 * 5900 / 38600)


def test_the_threshold_is_in_percentage_points_either_way():
    # Lancashire -6.3% (10,950 / 11,688) against England & Wales +3.3% (51,450 / 49,788):
    # 9.6 points apart, the other way.
    falling = {**FORCES, "lancs": Periods(10950, 11688)}
    step = out_of_step(force_comparison(falling))
    assert step is not None and step.subject.percent < 0 < step.beside.percent
    assert out_of_step(force_comparison(falling), points=9.0) is not None
    assert out_of_step(force_comparison(falling), points=10.0) is None
