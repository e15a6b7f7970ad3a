"""Planning a run's deliveries: alerts with charts, follow-ups in threads, snoozes, no repeats."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest

from bot.delivery import plan_alerts, plan_digest
from bot.use_cases import save_run
from storage import outbox
from storage.acknowledgements import Snooze, snooze
from storage.subscriptions import Subscription, subscribe
from tests.bot.conftest import CHANNEL, SENSITIVE_CHANNEL
from tests.bot.findings import PRESTON_CONTINUES, PRESTON_ROBBERY, RAPE_WEST, SOUTH_ROBBERY


@pytest.fixture
def db(data_db):
    return data_db


def test_an_alert_per_channel_with_its_chart_as_a_child(db, settings):
    subscribe(db, Subscription("CSOUTH", "all", "", "south"))
    planned = plan_alerts(db, [PRESTON_ROBBERY], settings)
    fid = "robbery:preston:up:2021-12:2021-12"
    assert [(d.kind, d.key, d.parent_key) for d in planned] == [
        ("alert", f"alert:{fid}:{CHANNEL}", None),
        ("chart", f"chart:{fid}:{CHANNEL}", f"alert:{fid}:{CHANNEL}"),
        ("alert", f"alert:{fid}:CSOUTH", None),
        ("chart", f"chart:{fid}:CSOUTH", f"alert:{fid}:CSOUTH"),
    ]
    alert = planned[0]
    assert "Robbery" in alert.text and alert.blocks
    assert planned[1].file.startswith(b"\x89PNG")


def test_planning_again_plans_nothing_new(db, settings):
    outbox.enqueue(db, plan_alerts(db, [PRESTON_ROBBERY], settings), now=time.time())
    assert plan_alerts(db, [PRESTON_ROBBERY], settings) == []


def test_a_follow_up_goes_in_the_thread_of_the_channels_alert(db, settings):
    outbox.enqueue(db, plan_alerts(db, [PRESTON_ROBBERY], settings), now=time.time())
    (follow,) = plan_alerts(db, [PRESTON_CONTINUES], settings)
    assert follow.kind == "followup"
    assert follow.parent_key == f"alert:robbery:preston:up:2021-12:2021-12:{CHANNEL}"
    assert "Month 2 of this episode" in str(follow.blocks)


def test_snoozed_series_are_not_planned(db, settings):
    snooze(db, Snooze("robbery", "preston", "2022-03", "x", "U1", "2021-12-20T10:00:00"))
    assert plan_alerts(db, [PRESTON_ROBBERY, PRESTON_CONTINUES], settings) == []
    assert [d.key.split(":")[2] for d in plan_alerts(db, [SOUTH_ROBBERY], settings)] == [
        "south",
        "south",
    ]


def test_sensitive_findings_go_only_to_cleared_channels(db, settings):
    planned = plan_alerts(db, [RAPE_WEST], settings)
    assert {d.channel for d in planned} == {SENSITIVE_CHANNEL}


@pytest.fixture
def run_stored(db):
    """The month's detection run stored (it found nothing): the digest reports stored runs."""
    save_run(db, "2021-12", [], ran_at="2022-01-15T07:00:00+00:00", series=0, tests=0)


def test_the_digest_goes_to_the_default_channel_in_one_thread(db, settings, run_stored):
    pages = plan_digest(db, "2021-12", settings)
    assert pages and pages[0].key == f"digest:2021-12:lancashire:{CHANNEL}:1"
    assert all(p.parent_key == pages[0].key for p in pages[1:])
    assert "December 2021" in pages[0].text


def test_a_digest_is_planned_once(db, settings, run_stored):
    outbox.enqueue(db, plan_digest(db, "2021-12", settings), now=time.time())
    assert plan_digest(db, "2021-12", settings) == []


def second_force(db, slug="cumbria", name="Cumbria"):
    """Another force, with Lancashire's counts under its own name and districts."""
    db.execute(
        "INSERT INTO street_counts SELECT ?, month, CASE district WHEN '' THEN '' "
        "ELSE ? || '-' || district END, indicator, count FROM street_counts "
        "WHERE force = 'lancashire'",
        [slug, slug],
    )
    db.execute(
        "INSERT INTO street_files SELECT ?, month, path, digest, rows, ingested_at "
        "FROM street_files WHERE force = 'lancashire'",
        [slug],
    )
    db.table("areas").insert({"slug": slug, "name": name, "kind": "force", "parent": None})
    db.table("areas").insert(
        {"slug": f"{slug}-preston", "name": f"{name} Preston", "kind": "district", "parent": slug}
    )


def test_each_force_has_its_own_digest_in_its_own_channel(db, settings, run_stored):
    second_force(db)
    settings = replace(settings, force_channels=(("cumbria", "CCUMBRIA"),))
    pages = plan_digest(db, "2021-12", settings)
    firsts = {p.key: p for p in pages if p.parent_key is None}
    assert set(firsts) == {
        f"digest:2021-12:lancashire:{CHANNEL}:1",
        "digest:2021-12:cumbria:CCUMBRIA:1",
    }
    assert "Monthly digest for Cumbria," in firsts["digest:2021-12:cumbria:CCUMBRIA:1"].text
    assert "Monthly digest for Lancashire," in firsts[f"digest:2021-12:lancashire:{CHANNEL}:1"].text
    for page in pages:
        force = page.key.split(":")[2]
        assert page.channel == settings.channel_for(force)
        assert page.parent_key in (None, f"digest:2021-12:{force}:{page.channel}:1")


def test_a_force_with_no_figures_does_not_stop_the_others_digests(db, settings, run_stored):
    db.table("areas").insert({"slug": "kent", "name": "Kent", "kind": "force", "parent": None})
    pages = plan_digest(db, "2021-12", settings)
    assert {p.key.split(":")[2] for p in pages} == {"lancashire"}


def test_a_forces_alerts_go_to_its_own_channel(db, settings):
    second_force(db)
    settings = replace(settings, force_channels=(("cumbria", "CCUMBRIA"),))
    theirs = replace(PRESTON_ROBBERY, area="cumbria-preston")
    assert {d.channel for d in plan_alerts(db, [theirs], settings)} == {"CCUMBRIA"}
    assert {d.channel for d in plan_alerts(db, [PRESTON_ROBBERY], settings)} == {CHANNEL}
