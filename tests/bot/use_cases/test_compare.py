"""The report's national tables, from the Home Office table: expected figures are summed from
the CSV with the csv module alone (tests/storage/home_office_table.py), never by the code under
test. The slice runs on every clone; the whole table where ../shared/data is present."""

from __future__ import annotations

import pytest

from bot.use_cases.compare import CompareProblem, compare_area, force_out_of_step
from bot.use_cases.names import resolve_compared_area
from storage.catalogue import indicators
from storage.db import open_db
from storage.ingest import ingest, list_inputs
from tests.conftest import needs_shared_data
from tests.ingest_time import NOW
from tests.storage.home_office_table import (
    NATIONAL,
    REAL,
    SLICE,
    all_crime,
    burglary,
    read_rows,
    regions,
    totals,
)
from tests.storage.street_files import street_row, write_street_file

JUNE_17, JUNE_16 = "30-06-2017", "30-06-2016"


def figures(result):
    return {r.level: (r.current, r.previous, r.change) for r in result.comparison.rows}


def expected(rows, period_now, period_before, wanted, forces):
    now, before = totals(rows, period_now, wanted), totals(rows, period_before, wanted)
    current = sum(now[f] for f in forces)
    previous = sum(before[f] for f in forces)
    return current, previous, current - previous


def run(db, indicator, area, month="2017-06"):
    return compare_area(db, indicators(db)[indicator], resolve_compared_area(db, area), month)


@pytest.fixture
def slice_db(db, tmp_path):
    groups = tmp_path / "groups.csv"
    groups.write_text("group,force\nMSG,Lancashire\nMSG,Cheshire\n")
    ingest(db, list_inputs([SLICE, groups]), now=NOW)
    return db


# The slice (every clone) ------------------------------------------------------------------


def test_lancashire_all_crime_up_12_2_percent_12168_crimes_as_the_seed_report_says(slice_db):
    result = run(slice_db, "all-crime", "lancashire")
    rows = read_rows(SLICE)
    assert figures(result)["force"] == expected(rows, JUNE_17, JUNE_16, all_crime, ["Lancashire"])
    force = result.comparison.rows[0]
    assert force.change == 12_168
    assert round(force.percent, 1) == 12.2
    assert force.source == "police recorded crime (Home Office)"


def test_the_north_west_and_a_group_are_the_sums_of_their_forces(slice_db):
    result = run(slice_db, "all-crime", "Lancashire")
    rows = read_rows(SLICE)
    north_west = sorted(regions(rows)["North West"])
    assert len(north_west) == 5
    assert figures(result)["region"] == expected(rows, JUNE_17, JUNE_16, all_crime, north_west)
    assert figures(result)["group"] == expected(
        rows, JUNE_17, JUNE_16, all_crime, ["Lancashire", "Cheshire"]
    )


def test_with_five_forces_loaded_there_is_no_england_and_wales_total(slice_db):
    result = run(slice_db, "burglary", "lancashire")
    assert "national" not in figures(result)
    assert result.comparison.forces_up is None
    assert any("England & Wales: 5 of its 43 areas" in note for note in result.notes)
    assert any("British Transport Police" in note for note in result.notes)


def test_all_burglary_is_comparable_across_the_counting_change(slice_db):
    rows = read_rows(SLICE)
    kinds = {
        r["Offence"] for r in rows if r["12 months ending"] == JUNE_17 and burglary(r["Offence"])
    }
    assert len(kinds) == 4  # both old and new categories in the 12 months to June 2017
    result = run(slice_db, "burglary", "lancashire")
    assert figures(result)["force"] == expected(rows, JUNE_17, JUNE_16, burglary, ["Lancashire"])
    force = result.comparison.rows[0]
    assert (force.change, round(force.percent, 1)) == (1_312, 11.2)  # the seed's figures
    assert result.breaks == ()


def test_residential_burglary_alone_carries_the_counting_change(slice_db):
    result = run(slice_db, "burglary-residential", "lancashire")
    assert [b.month for b in result.breaks] == ["2017-04"]
    assert any("not like for like" in note for note in result.notes)
    assert result.comparison.rows[0].percent is None  # nothing under the new rule a year before


def test_force_recorded_fraud_is_not_all_crime(slice_db):
    rows = read_rows(SLICE)
    result = run(slice_db, "all-crime", "lancashire", month="2013-12")
    without = expected(rows, "31-12-2013", "31-12-2012", all_crime, ["Lancashire"])
    with_fraud = expected(rows, "31-12-2013", "31-12-2012", lambda o: True, ["Lancashire"])
    assert without != with_fraud  # the slice holds fraud for these periods: the test can fail
    assert figures(result)["force"] == without


def test_the_home_office_force_is_the_street_files_force(slice_db, tmp_path):
    write_street_file(tmp_path / "s", "2020-01", [street_row("2020-01", "Robbery")])
    ingest(slice_db, list_inputs([tmp_path / "s"]), now=NOW)
    forces = slice_db.execute("SELECT slug, name FROM areas WHERE kind = 'force'").fetchall()
    assert forces == [("lancashire", "Lancashire")]
    for typed in ("lancashire", "Lancashire", "Lancashire Constabulary"):
        assert resolve_compared_area(slice_db, typed).slug == "lancashire"
    assert run(slice_db, "burglary", "Lancashire Constabulary").comparison.rows[0].change == 1312


def test_a_period_end_spelt_30_12_is_the_december_quarter(slice_db):
    rows = read_rows(SLICE)
    result = run(slice_db, "all-crime", "cumbria", month="2017-12")
    assert result.comparison.rows[0].current == totals(rows, "30-12-2017", all_crime)["Cumbria"]


@pytest.mark.parametrize(
    ("indicator", "area", "month", "message"),
    [
        ("burglary", "lancashire", "2017-05", "not a period end"),
        ("burglary", "lancashire", "2019-06", "outside the data"),
        (
            "burglary",
            "lancashire",
            "2016-06",
            "no Home Office figures for the 12 months to 2015-06",
        ),
        ("burglary", "kent", "2017-06", "no national figures for Kent"),
        ("anti-social-behaviour", "lancashire", "2017-06", "recorded-crime table does not count"),
        ("victim-satisfaction", "lancashire", "2017-06", "no figures of Victim satisfaction"),
        ("burglary", "england-and-wales", "2017-06", "5 of its 43 forces"),
    ],
)
def test_questions_the_data_cannot_answer_are_refused_with_the_reason(
    slice_db, indicator, area, month, message
):
    with pytest.raises(CompareProblem, match=message):
        run(slice_db, indicator, area, month)


def test_no_national_figures_loaded(db):
    with pytest.raises(CompareProblem, match="ingest the Home Office"):
        run(db, "burglary", "lancashire")


# Every force in June 2016 and June 2017 (tests/fixtures: every clone) -------------------------


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    database = open_db(tmp_path_factory.mktemp("national") / "national.db")
    ingest(database, list_inputs([NATIONAL]), now=NOW)
    yield database, read_rows(NATIONAL)
    database.close()


@pytest.mark.parametrize(
    ("indicator", "wanted"), [("all-crime", all_crime), ("burglary", burglary)]
)
def test_the_report_table_from_the_published_table(national, indicator, wanted):
    db, rows = national
    result = run(db, indicator, "lancashire")
    now, before = totals(rows, JUNE_17, wanted), totals(rows, JUNE_16, wanted)
    forces = sorted(now)
    assert len(forces) == 43
    assert figures(result) == {
        "force": expected(rows, JUNE_17, JUNE_16, wanted, ["Lancashire"]),
        "region": expected(rows, JUNE_17, JUNE_16, wanted, sorted(regions(rows)["North West"])),
        "national": expected(rows, JUNE_17, JUNE_16, wanted, forces),
    }
    assert result.comparison.forces == 43
    assert result.comparison.forces_up == sum(1 for f in forces if now[f] > before[f])
    lancashire = (now["Lancashire"] - before["Lancashire"]) / before["Lancashire"]
    national_rank = 1 + sum(1 for f in forces if (now[f] - before[f]) / before[f] < lancashire)
    assert result.comparison.ranks[-1].place == national_rank


def test_lancashire_matches_the_seed_report(national):
    db, _ = national
    crime = run(db, "all-crime", "lancashire").comparison.rows[0]
    burglaries = run(db, "burglary", "lancashire").comparison.rows[0]
    assert (crime.change, round(crime.percent, 1)) == (12_168, 12.2)
    assert (burglaries.change, round(burglaries.percent, 1)) == (1_312, 11.2)


# The whole table (where ../shared/data is present) -----------------------------------------


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    path = needs_shared_data(REAL)
    database = open_db(tmp_path_factory.mktemp("real") / "real.db")
    ingest(database, list_inputs([path]), now=NOW)
    yield database, read_rows(path)
    database.close()


def test_the_whole_table_gives_the_june_slices_figures(real, national):
    # Fifteen years of quarters loaded at once: June 2017 against June 2016 as the slice says.
    for indicator in ("all-crime", "burglary"):
        assert figures(run(real[0], indicator, "lancashire")) == figures(
            run(national[0], indicator, "lancashire")
        )


# Out of step: the line an alert for the force carries ------------------------------------------


def percent(rows, wanted, forces, period_now=JUNE_17, period_before=JUNE_16):
    _, previous, change = expected(rows, period_now, period_before, wanted, forces)
    return 100 * change / previous


def beside(db, indicator, month, area="lancashire"):
    found = resolve_compared_area(db, area)
    return force_out_of_step(db, indicators(db)[indicator], found, month)


def test_lancashire_all_crime_out_of_step_with_the_north_west(slice_db):
    # Lancashire +12.2% against the North West's +22.1% (summed from the CSV): 9.9 points.
    rows = read_rows(SLICE)
    step = beside(slice_db, "all-crime", "2017-06")
    assert step is not None
    assert (step.subject.area, step.beside.level, step.month) == ("lancashire", "region", "2017-06")
    assert step.subject.percent == pytest.approx(percent(rows, all_crime, ["Lancashire"]))
    north_west = sorted(regions(rows)["North West"])
    assert step.beside.percent == pytest.approx(percent(rows, all_crime, north_west))


def test_burglary_moving_with_the_north_west_gets_no_line(slice_db):
    # Lancashire +11.2%, the North West +9.7%, as the seed report gives them: 1.5 points.
    assert beside(slice_db, "burglary", "2017-06") is None


def test_an_alert_month_uses_the_quarter_it_falls_in_never_an_older_one(slice_db):
    step = beside(slice_db, "all-crime", "2017-08")
    assert step is not None and step.month == "2017-06"
    # 2017-09 is three months after June 2017, and December 2017 has no year before it.
    assert beside(slice_db, "all-crime", "2017-09") is None
    assert beside(slice_db, "all-crime", "2022-03") is None


def test_a_region_or_an_indicator_the_home_office_does_not_count_gets_no_line(slice_db):
    assert beside(slice_db, "all-crime", "2017-06", area="North West") is None
    assert beside(slice_db, "anti-social-behaviour", "2017-06") is None


def test_in_the_whole_table_lancashire_is_set_beside_england_and_wales_when_out_of_step(real):
    database, rows = real
    forces = sorted(totals(rows, JUNE_17, all_crime))
    assert len(forces) == 43
    # 12 months to June 2018: Lancashire +24.8% against England & Wales +10.2% (from the CSV).
    june_18 = {"period_now": "30-06-2018", "period_before": JUNE_17}
    step = beside(database, "all-crime", "2018-06")
    assert step is not None and step.beside.level == "national"
    assert step.subject.percent == pytest.approx(
        percent(rows, all_crime, ["Lancashire"], **june_18)
    )
    assert step.beside.percent == pytest.approx(percent(rows, all_crime, forces, **june_18))
    assert step.subject.percent - step.beside.percent > 5
    # 12 months to June 2017: +12.2% against +14.2%, and burglary +11.2% against +6.4%: both
    # under 5 points apart, so neither alert would carry the line.
    for wanted, indicator in ((all_crime, "all-crime"), (burglary, "burglary")):
        apart = percent(rows, wanted, ["Lancashire"]) - percent(rows, wanted, forces)
        assert abs(apart) < 5
        assert beside(database, indicator, "2017-06") is None
