"""The bot's other tables: leases, subscriptions, acknowledgements and snoozes, audit, job runs."""

from __future__ import annotations

from storage import acknowledgements, audit, job_runs, leases, subscriptions
from storage.acknowledgements import Acknowledgement, Snooze
from storage.subscriptions import Subscription


def test_a_lease_has_one_holder_until_it_expires_or_is_released(db):
    assert leases.acquire(db, "worker", "a", ttl=10, now=100)
    assert not leases.acquire(db, "worker", "b", ttl=10, now=105)
    assert leases.acquire(db, "worker", "a", ttl=10, now=108)  # renewal
    assert not leases.acquire(db, "worker", "b", ttl=10, now=117)
    assert leases.acquire(db, "worker", "b", ttl=10, now=118)  # a's lease ran out at 118
    assert not leases.acquire(db, "worker", "a", ttl=10, now=119)
    leases.release(db, "worker", "b")
    assert leases.acquire(db, "worker", "a", ttl=10, now=120)
    assert leases.get(db, "worker").acquired_at == 120


def test_subscriptions_are_per_channel_and_unique(db):
    sub = Subscription("C1", "indicator", "robbery", "south", "U1", "2024-01-01")
    assert subscriptions.subscribe(db, sub)
    assert not subscriptions.subscribe(db, sub)
    subscriptions.subscribe(db, Subscription("C2", "all", ""))
    assert [s.channel for s in subscriptions.list_subscriptions(db)] == ["C1", "C2"]
    assert subscriptions.list_subscriptions(db, "C1") == [sub]
    assert subscriptions.unsubscribe(db, "C1", "indicator", "robbery", "south")
    assert not subscriptions.unsubscribe(db, "C1", "indicator", "robbery", "south")


def test_the_first_acknowledgement_stands(db):
    first = Acknowledgement("f1", "U1", "2024-01-01T10:00:00")
    assert acknowledgements.acknowledge(db, first) == first
    assert acknowledgements.acknowledge(db, Acknowledgement("f1", "U2", "2024-01-02")) == first


def test_a_snooze_mutes_an_indicator_and_area_up_to_its_last_month(db):
    acknowledgements.snooze(db, Snooze("robbery", "south", "2024-04", "f1", "U1", "t"))
    assert acknowledgements.is_snoozed(db, "robbery", "south", "2024-04")
    assert not acknowledgements.is_snoozed(db, "robbery", "south", "2024-05")
    assert not acknowledgements.is_snoozed(db, "robbery", "west", "2024-02")
    acknowledgements.snooze(db, Snooze("robbery", "south", "2024-06", "f2", "U2", "t"))
    assert acknowledgements.snoozed_until(db, "robbery", "south") == "2024-06"


def test_the_audit_log_keeps_text_as_typed_and_caps_its_length(db):
    hostile = "'); DROP TABLE audit_log; -- <!channel>" + "x" * 10_000
    audit.record(
        db,
        audit.AuditEntry(
            at="t", user_id="U1", command="/scrutiny", text=hostile, outcome="not-understood"
        ),
    )
    (entry,) = audit.entries(db)
    assert entry.text == hostile[: audit.MAX_TEXT]
    assert db.execute("SELECT text_length FROM audit_log").fetchone()[0] == len(hostile)


def test_job_runs_say_whether_a_month_is_done(db):
    run = job_runs.start(
        db, job="monthly", month="2024-02", fire="f", trigger="schedule", holder="h", at="t"
    )
    assert not job_runs.is_done(db, "monthly", "2024-02")
    job_runs.finish(db, run, outcome="done", at="t2")
    assert job_runs.is_done(db, "monthly", "2024-02")
    assert job_runs.history(db, "monthly")[0].finished_at == "t2"
