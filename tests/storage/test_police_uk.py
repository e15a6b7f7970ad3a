import io

import pytest

from storage.police_uk import BadStreetFile, force_and_month_from_name, parse_street_csv
from tests.storage.street_files import street_csv, street_row


def parse(rows, name="2020-01/2020-01-lancashire-street.csv"):
    data = street_csv(rows).encode()
    return parse_street_csv(lambda: io.BytesIO(data), name)


def test_force_and_month_come_from_the_published_file_name():
    assert force_and_month_from_name("x/2020-01/2020-01-west-yorkshire-street.csv") == (
        "west-yorkshire",
        "2020-01",
    )
    assert force_and_month_from_name("2020-01-lancashire-outcomes.csv") is None


def test_counts_by_district_and_indicator():
    parsed = parse(
        [
            street_row("2020-01", "Robbery", "Preston 001A"),
            street_row("2020-01", "Robbery", "Preston 014C"),
            street_row("2020-01", "Anti-social behaviour", "Blackburn with Darwen 003B"),
        ]
    )
    assert parsed.counts == {
        ("Preston", "robbery"): 2,
        ("Blackburn with Darwen", "anti-social-behaviour"): 1,
    }
    assert (parsed.force, parsed.month, parsed.rows) == ("lancashire", "2020-01", 3)
    assert parsed.force_name == "Lancashire Constabulary"


def test_rows_without_lsoa_are_kept_under_an_empty_district():
    parsed = parse([street_row("2020-01", "Burglary", "", Longitude="", Latitude="")])
    assert parsed.counts == {("", "burglary"): 1}


def test_a_bad_month_names_the_line_and_column():
    with pytest.raises(BadStreetFile) as caught:
        parse([street_row("2020-01", "Robbery"), street_row("2020-02", "Robbery")])
    problem = caught.value.problem
    assert (problem.line, problem.column) == (3, "Month")
    assert "2020-01" in problem.message


def test_quoted_newlines_do_not_shift_the_reported_line():
    rows = [
        street_row("2020-01", "Robbery", Location="On or near\nTwo Lines"),
        street_row("2020-01", "Robbery", Longitude="east"),
    ]
    with pytest.raises(BadStreetFile) as caught:
        parse(rows)
    assert (caught.value.problem.line, caught.value.problem.column) == (4, "Longitude")


def test_a_file_name_that_is_not_the_published_layout_is_rejected():
    with pytest.raises(BadStreetFile, match=r"YYYY-MM-<force>-street\.csv"):
        parse([street_row("2020-01", "Robbery")], name="crimes.csv")


def test_a_file_name_with_an_impossible_month_is_rejected():
    with pytest.raises(BadStreetFile, match=r"YYYY-MM-<force>-street\.csv"):
        parse([street_row("2020-13", "Robbery")], name="2020-13/2020-13-lancashire-street.csv")
