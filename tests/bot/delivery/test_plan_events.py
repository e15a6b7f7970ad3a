"""Planning a run's events: one alert per event where its areas are watched, districts only
for their subscribers, follow-ups in the event's thread, data notices to analysts."""

from __future__ import annotations

import json
import time
from dataclasses import replace

import pytest

from bot.database import Databases
from bot.delivery import plan_alerts
from bot.delivery.plan import render_event_alert
from bot.use_cases import load_inputs, run_month
from bot.worker.loop import deliver_now
from detectors.events import Event
from messages.plain_text import to_plain_text
from storage import outbox
from storage.areas import list_areas
from storage.db import open_db
from storage.ingest import ingest, list_inputs
from storage.subscriptions import Subscription, subscribe
from tests.bot.conftest import CHANNEL
from tests.bot.findings import PRESTON_ROBBERY, SOUTH_ROBBERY
from tests.ingest_time import NOW
from tests.storage.street_files import street_row, write_street_file

ANALYSTS = "CANALYSTS"
WEST_ROBBERY = replace(SOUTH_ROBBERY, area="west", value=50, episode="robbery:west:up:2021-12")


@pytest.fixture
def db(data_db):
    return data_db


def channels(planned, kind="alert"):
    return [d.channel for d in planned if d.kind == kind]


def test_a_force_wide_event_is_one_alert_for_the_force_and_its_divisions(db, settings):
    subscribe(db, Subscription("CWEST", "all", "", "west"))
    subscribe(db, Subscription("CPRESTON", "all", "", "preston"))
    event = Event(SOUTH_ROBBERY.id, SOUTH_ROBBERY, "new", members=(WEST_ROBBERY,), force_wide=True)
    planned = plan_alerts(db, [event], settings)
    # One alert a channel: the default and West's (a division it names), not Preston's.
    assert channels(planned) == [CHANNEL, "CWEST"]
    assert {d.key for d in planned if d.kind == "alert"} == {
        f"alert:{SOUTH_ROBBERY.id}:{CHANNEL}",
        f"alert:{SOUTH_ROBBERY.id}:CWEST",
    }
    assert "South Division and West Division" in planned[0].text


def test_a_districts_own_event_reaches_only_its_subscribers(db, settings):
    subscribe(db, Subscription("CPRESTON", "all", "", "preston"))
    subscribe(db, Subscription("CSOUTH", "all", "", "south"))
    event = Event(PRESTON_ROBBERY.id, PRESTON_ROBBERY, "new", top_level=False)
    assert channels(plan_alerts(db, [event], settings)) == ["CPRESTON"]


def test_a_later_month_goes_in_the_thread_of_the_events_alert_once(db, settings):
    event = Event(SOUTH_ROBBERY.id, SOUTH_ROBBERY, "new", members=(PRESTON_ROBBERY,))
    outbox.enqueue(db, plan_alerts(db, [event], settings), now=time.time())
    assert plan_alerts(db, [event], settings) == []  # planned again: nothing twice
    later = replace(SOUTH_ROBBERY, month="2022-01", as_of="2022-01", status="continuing")
    (follow,) = plan_alerts(db, [Event(event.id, later, "continuing")], settings)
    assert follow.parent_key == f"alert:{SOUTH_ROBBERY.id}:{CHANNEL}"
    assert "Robbery, South Division" in follow.text and "Month 2 of this episode" in str(
        follow.blocks
    )


# A partial upload, end to end: street files, ingest, the run, the plan, the Slack imitation.
MONTHS = [f"{2019 + i // 12}-{i % 12 + 1:02d}" for i in range(40)]
DISTRICTS = (("Preston 001A", 1.0), ("Chorley 002B", 0.6), ("Blackpool 003C", 0.8))
CATEGORIES = (("Burglary", 30), ("Robbery", 12), ("Shoplifting", 40), ("Vehicle crime", 25))


@pytest.fixture
def partial_db(tmp_path):
    folder = tmp_path / "street"
    folder.mkdir()
    for i, month in enumerate(MONTHS):
        share = 0.55 if month == MONTHS[-1] else 1.0
        rows = []
        for district, size in DISTRICTS:
            for crime, n in CATEGORIES:
                count = round((n * size + (i * 7 + n) % 5) * share)
                rows += [street_row(month, crime, district)] * count
        write_street_file(folder, month, rows)
    (folder / "areas.csv").write_text(
        "local_authority,division\nPreston,South\nChorley,South\nBlackpool,West\n"
    )
    path = tmp_path / "partial.db"
    database = open_db(path)
    ingest(database, list_inputs([folder]), now=NOW)
    yield database, path
    database.close()


def test_a_partial_upload_is_one_notice_to_analysts_and_no_crime_alert(partial_db, settings, slack):
    db, path = partial_db
    settings = replace(settings, db_path=str(path), analysts_channel=ANALYSTS)
    inputs = load_inputs(db)
    for month in MONTHS[-4:-1]:
        run_month(db, inputs, month, dry_run=False)
    result = run_month(db, inputs, MONTHS[-1], dry_run=False)
    planned = plan_alerts(db, [*result.alerts, *result.follow_ups], settings)
    assert [(d.kind, d.channel) for d in planned] == [("alert", ANALYSTS)]
    assert planned[0].key.startswith("notice:data-quality:")
    outbox.enqueue(db, planned, now=time.time())
    assert plan_alerts(db, [*result.alerts, *result.follow_ups], settings) == []
    deliver_now(Databases(path), settings, timeout=20)
    (posted,) = slack.channel_messages(ANALYSTS)
    assert "Data check" in posted.text and "April 2022" in posted.text
    assert slack.channel_messages(CHANNEL) == []


def test_a_notice_falls_back_to_the_default_channel(partial_db, settings):
    db, _ = partial_db
    result = run_month(db, load_inputs(db), MONTHS[-1], dry_run=True)
    notices = [e for e in result.alerts if e.lead.kind == "data-quality"]
    assert len(notices) == 1 and len(result.alerts) == 1
    assert channels(plan_alerts(db, notices, settings)) == [CHANNEL]


def test_a_force_alert_out_of_step_with_its_region_says_so(db, settings, tmp_path):
    # Home Office robbery for the 12 months to December 2021 against a year before: Lancashire
    # 1,000 -> 1,300 (+30%), Cumbria 500 -> 500: the North West Region 1,500 -> 1,800 (+20%).
    table = tmp_path / "rec-crime-pfa.csv"
    table.write_text(
        "12 months ending,PFA,Region,Offence,Rolling year total number of offences\n"
        "31-12-2020,Lancashire,North West,Robbery,1000\n"
        "31-12-2020,Cumbria,North West,Robbery,500\n"
        "31-12-2021,Lancashire,North West,Robbery,1300\n"
        "31-12-2021,Cumbria,North West,Robbery,500\n"
    )
    lancashire = replace(
        SOUTH_ROBBERY, area="lancashire", value=90, episode="robbery:lancashire:up:2021-12"
    )
    event = Event(lancashire.id, lancashire, "new")
    (before,) = [
        json.dumps(d.blocks) for d in plan_alerts(db, [event], settings) if d.kind == "alert"
    ]
    assert "North West" not in before
    ingest(db, list_inputs([table]), now=NOW)
    (after,) = [
        json.dumps(d.blocks) for d in plan_alerts(db, [event], settings) if d.kind == "alert"
    ]
    assert (
        "Lancashire up 30% against 20% for North West Region (police recorded crime (Home "
        "Office), "
        "12 months to December 2021)" in after
    )


def test_a_divisions_alert_says_its_counts_include_its_share_of_unlocated_crimes(db):
    areas = list_areas(db)
    division = to_plain_text(
        render_event_alert(db, Event(SOUTH_ROBBERY.id, SOUTH_ROBBERY, "new"), areas)
    )
    assert (
        "South Division's counts include its share of the force's crimes with no recorded "
        "location" in division
    )
    force = replace(SOUTH_ROBBERY, area="lancashire", episode="robbery:lancashire:up:2021-12")
    told = to_plain_text(render_event_alert(db, Event(force.id, force, "new"), areas))
    assert "crimes with no recorded location" not in told  # the force counts them all
