"""An event's messages, with known answers: where it is, what drove it, what moved with it,
and the analysts' notice of a data problem."""

from __future__ import annotations

from dataclasses import replace

import pytest

from detectors.comparison import OutOfStep, Row
from detectors.data_quality import (
    Revision,
    check_force_month,
    provisional_figures,
    revised_months,
)
from detectors.events import EarlierEvent
from messages.event_alert import data_quality_message, event_alert_message, event_follow_up_message
from messages.plain_text import to_plain_text
from tests.messages.events import (
    DIVISION_RISE,
    FORCE_RISE,
    INDICATORS,
    NAMES,
    TOTAL_ALONE,
    TOTAL_PARTS,
    events,
    figures,
    finding,
)
from tests.messages.samples import Indicator


def text(message) -> str:
    return to_plain_text(message)


def test_a_force_wide_rise_is_one_alert_that_names_its_divisions(golden):
    (event,) = events(FORCE_RISE)
    message = event_alert_message(event, INDICATORS, NAMES)
    body = text(message)
    assert body.startswith("Burglary: Lancashire, March 2022")
    # East (+120) and West (+120) make 240 of the 300 the divisions rose: named with counts.
    assert (
        "Mainly attributable to East Division (520 against an average of 400) and West "
        "Division (500 against 380)." in body
    )
    # South rose too (280 against 220), but is not where most of it is: named with what its
    # own figures show.
    assert "Also: South Division exceptionally high (280 against 220)." in body
    golden("event_force_wide", message)


def test_totals_that_moved_with_it_are_lines_not_alerts():
    found = events(FORCE_RISE)
    assert len(found) == 1  # burglary's: all crime and HIAC are in it
    body = text(event_alert_message(found[0], INDICATORS, NAMES))
    # (9,900 - 9,600) / 9,600 = 3.125%; (1,420 - 1,110) / 1,110 = 27.9%
    assert "All crime up 3.1% as a result." in body
    assert "High impact acquisitive crime up 27.9% as a result." in body


def test_a_total_that_moved_on_its_own_names_the_categories_that_drove_it(golden):
    (event,) = events([TOTAL_ALONE], TOTAL_PARTS)
    message = event_alert_message(event, INDICATORS, NAMES)
    # Shoplifting +390 and vehicle crime +110 of +500: 78% makes two-thirds alone.
    assert "Shoplifting accounts for approximately 78% of the increase." in text(message)
    golden("event_total_drivers", message)


def test_a_divisions_alert_names_its_districts(golden):
    table = figures(*DIVISION_RISE, robbery__chorley=(8, 7.5))
    (event,) = events(DIVISION_RISE, table)
    message = event_alert_message(event, INDICATORS, NAMES)
    body = text(message)
    assert body.startswith("Robbery: South Division, March 2022")
    # Preston +11 of +11.5: the whole of it, on its own.
    assert "Mainly in Preston (18 against an average of 7)." in body
    golden("event_division", message)


def test_most_divisions_without_the_force_are_told_across_the_force():
    found = [finding("drugs", "east", 200, 150), finding("drugs", "west", 260, 190)]
    (event,) = events(found)
    body = text(event_alert_message(event, INDICATORS, NAMES, area="lancashire"))
    assert body.startswith("Drugs: Lancashire, March 2022")
    assert "Exceptionally high in West Division and East Division." in body
    assert "• West Division: 260 drug offences in March 2022" in body
    assert "• East Division: 200 drug offences in March 2022" in body


def test_a_force_wide_headline_is_said_only_of_what_every_division_shows():
    west = finding("drugs", "west", 260, 190)
    # East's month is on a sustained shift, inside its limits: not "exceptionally high".
    east = replace(
        finding("drugs", "east", 170, 150),
        kind="shift",
        evidence=replace(west.evidence, rule="shift", run_length=8, start_month="2021-08"),
    )
    (event,) = events([west, east])
    body = text(event_alert_message(event, INDICATORS, NAMES, area="lancashire"))
    assert "Up in West Division and East Division." in body
    assert "Exceptionally high in" not in body
    assert "• East Division: 170 drug offences in March 2022" in body
    assert "above the average for 8 months in a row, since August 2021" in body


def test_a_follow_up_names_indicator_and_area_and_the_areas_that_joined(golden):
    later = "2022-04"
    lead = finding("robbery", "south", 29, 14.5, status="continuing", month=later)
    joined = finding("robbery", "chorley", 16, 7.5, month=later, started=later)
    earlier = {lead.episode: EarlierEvent(f"{lead.episode}:2022-03")}
    (event,) = events([lead, joined], earlier=earlier)
    message = event_follow_up_message(event, INDICATORS, NAMES, month_number=2)
    body = text(message)
    assert "Robbery, South Division: Remains exceptional." in body
    assert "Now also: Chorley exceptionally high (16 against 7.5)." in body
    golden("event_follow_up", message)


@pytest.fixture
def partial_upload():
    import numpy as np
    import pandas as pd

    months = pd.period_range("2021-01", periods=16, freq="M")
    rng = np.random.default_rng(7)
    counts = pd.DataFrame(
        {
            c: rng.poisson(m, months.size).astype(float)
            for c, m in (("burglary", 400), ("robbery", 60), ("shoplifting", 700), ("drugs", 250))
        },
        index=months,
    )
    counts.iloc[-1] = np.round(counts.iloc[-1] * 0.55)
    (notice,) = check_force_month("lancashire", counts, "2022-04").findings
    return notice


def test_a_partial_upload_is_told_to_analysts_in_plain_words(partial_upload, golden):
    message = data_quality_message(partial_upload, NAMES)
    body = text(message)
    assert body.startswith("Data check: Lancashire, April 2022")
    assert "Every category moved by about the same factor." in body
    assert "which looks like a partial or late upload, not a change in crime" in body
    assert "April 2022 was not tested for Lancashire's street-level series" in body
    assert "no crime alert was sent for it" in body
    golden("data_notice_partial_upload", message)


def test_a_location_coverage_change_says_no_division_is_alerted_for_it(partial_upload):
    shift = replace(
        partial_upload,
        evidence=replace(partial_upload.evidence, rule="location-coverage", note="since ..."),
    )
    body = text(data_quality_message(shift, NAMES))
    assert "A lasting change in the share of crimes with no recorded location." in body
    assert "raises no division or district alert" in body


def test_a_reloaded_archive_is_one_notice_naming_each_month_and_its_change(golden):
    revisions = [
        Revision("2021-03", 10_000, 9_400, "a" * 64),
        Revision("2021-07", 8_000, 8_200, "c" * 64),
        Revision("2021-09", 12_000, 11_880, "e" * 64),
    ]
    lead, *rest = revised_months("lancashire", revisions, "2022-04")
    message = data_quality_message(lead, NAMES, also=rest)
    body = text(message)
    assert body.startswith("Data check: Lancashire, April 2022")
    assert "A month loaded again with different totals." in body
    # (11,880 - 12,000) / 12,000 = -1.0%; (8,200 - 8,000) / 8,000 = +2.5%
    assert "12,000 rows were loaded for September 2021 before and 11,880 now (-1.0%)" in body
    assert (
        "Also loaded again with other totals: July 2021 (8,200 rows against 8,000, +2.5%) and "
        "March 2021 (9,400 rows against 10,000, -6.0%)." in body
    )
    golden("data_notice_revised_months", message)


def test_provisional_figures_are_one_notice_naming_each_series(golden):
    found = provisional_figures(
        [("missing-persons", "lancashire", 120.0), ("ksi-casualties", "east", 12.0)], "2022-10"
    )
    names = {
        "missing-persons": Indicator("missing-persons", "Missing persons", "incidents", "x"),
        "ksi-casualties": Indicator("ksi-casualties", "KSI casualties", "casualties", "x"),
    }
    message = data_quality_message(found[0], NAMES, also=found[1:], indicators=names)
    body = text(message)
    assert body.startswith("Data check: provisional figures, October 2022")
    assert (
        "Provisional for October 2022: Missing persons in Lancashire (120); KSI casualties in "
        "East Division (12)." in body
    )
    assert "it is not tested, nor used in baselines, until a final figure is loaded" in body
    golden("data_notice_provisional", message)


def test_a_notice_is_only_for_a_data_problem():
    with pytest.raises(ValueError, match="data-quality"):
        data_quality_message(FORCE_RISE[0], NAMES)


def _row(level, name, current, previous):
    return Row(
        level,
        name.lower(),
        name,
        "police recorded crime (Home Office)",
        current,
        previous,
        current - previous,
        100 * (current - previous) / previous,
    )


def beside_text(force, wider):
    """The force-wide burglary alert with the force (level, name, current, previous) set
    beside a wider area in the 12 months to June 2017."""
    (event,) = events(FORCE_RISE)
    step = OutOfStep(_row("force", "Lancashire", *force), _row(*wider), "2017-06")
    return text(event_alert_message(event, INDICATORS, NAMES, beside_country=step))


def test_a_force_out_of_step_with_its_country_is_set_beside_it_in_the_seed_reports_words():
    # The seed report's "Lancashire up 38.9% against 25.5% for England & Wales": 1,389 against
    # 1,000 and 12,550 against 10,000.
    body = beside_text((1389, 1000), ("national", "England & Wales", 12550, 10000))
    assert (
        "Lancashire up 38.9% against 25.5% for England & Wales (police recorded crime (Home "
        "Office), 12 months to June 2017)" in body
    )
    (event,) = events(FORCE_RISE)
    assert "England & Wales" not in text(event_alert_message(event, INDICATORS, NAMES))


def test_a_force_rising_while_its_country_falls_says_so():
    body = beside_text((1100, 1000), ("region", "North West", 9700, 10000))
    assert "Lancashire up 10% against a fall of 3% for North West" in body
