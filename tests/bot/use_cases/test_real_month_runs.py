"""The monthly runs on the bundled real Lancashire counts (data.police.uk, 2019-12 to 2022-10,
with the Lancashire areas file), as a commander would receive them: few alerts, one for the
lockdown's ASB surge, the shoplifting collapse still found, no division alerted for the fall
in crimes with no location, and every stored finding saying which alert carries it.

The counts are real (storage/data/demo: the district counts of the published street files),
so these run on every clone.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from bot.cli import _add_commands, cli

pytestmark = pytest.mark.slow

TOLD_FROM = "2020-01"  # the first month with a baseline: 34 runs to 2022-10
DIVISIONS = {"east", "south", "west"}


@pytest.fixture(scope="module")
def runs(real_runs):
    return real_runs.db_path, [r for r in real_runs.results if r.month >= TOLD_FROM]


def _crime_alerts(results):
    return [(r.month, e) for r in results for e in r.alerts if e.lead.kind != "data-quality"]


def test_at_most_one_and_a_half_messages_a_month(runs):
    _, results = runs
    sent = sum(len(r.alerts) for r in results)  # crime alerts and data notices alike
    assert len(results) == 34
    assert sent / len(results) <= 1.5


def test_the_lockdown_asb_surge_is_one_alert_at_force_level(runs):
    _, results = runs
    surge = [
        e
        for month, e in _crime_alerts(results)
        if e.lead.indicator == "anti-social-behaviour" and "2020-03" <= month <= "2020-06"
    ]
    # One alert, at force level, as the lockdown began (23 March 2020) or in its first month.
    assert [(e.lead.area, e.lead.direction) for e in surge] == [("lancashire", "up")]
    assert surge[0].lead.month in ("2020-03", "2020-04")


def test_the_shoplifting_collapse_is_still_found(runs):
    _, results = runs
    april = next(r for r in results if r.month == "2020-04")
    wanted = ("shoplifting", "lancashire", "down", "new")
    collapse = [f for f in april.findings if (f.indicator, f.area, f.direction, f.status) == wanted]
    assert collapse and april.alert_of[collapse[0].id] is not None


def test_no_division_is_alerted_for_the_change_in_location_coverage(runs):
    _, results = runs
    notices = [
        (r.month, e.lead)
        for r in results
        for e in r.alerts
        if e.lead.kind == "data-quality" and e.lead.evidence.rule == "location-coverage"
    ]
    assert notices, "the fall in crimes with no location (about 2,600 to 530 a month) is told"
    told_in, notice = notices[-1]
    began = notice.evidence.start_month or told_in
    # Fewer crimes with no location push every division's own figures up for good (more
    # crimes find a district): an alert caused by it would be a lasting rise (a step change or
    # a shift) in a division, beginning with the change. Counted unadjusted, the divisions get
    # three in the eight months after it (East's violence and theft from the person, West's
    # violence); a single exceptional month months later (shoplifting in 2022) is not one.
    pushed = "up" if notice.value < notice.expected else "down"
    after = [m for m in (r.month for r in results) if m >= told_in][:8]
    caused = [
        (month, e.lead.indicator, e.lead.area, e.lead.kind)
        for month, e in _crime_alerts(results)
        if month in after
        and e.lead.area in DIVISIONS
        and e.lead.direction == pushed
        and e.lead.kind in ("step-change", "shift")
        and (e.lead.evidence.start_month or e.lead.month) >= began
    ]
    assert caused == []


def test_every_finding_names_the_alert_that_carries_it(runs):
    path, _ = runs
    _add_commands()
    result = CliRunner().invoke(cli, ["--db", str(path), "findings", "--format", "json"])
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found and all("alert" in f for f in found)
    alerts = {f["alert"] for f in found if f["alert"] is not None}
    # Data problems are findings of their own kind, each told in a notice of its own.
    quality = [f for f in found if f["kind"] == "data-quality"]
    assert {f["month"] for f in quality} >= {"2020-06", "2020-08", "2020-09"}  # never published
    assert all(f["alert"] == f["id"] for f in quality)
    # A district's finding is a detail: carried by its division's or force's alert when that
    # alert names it, else by no message (no channel here subscribes to a district).
    districts = [f for f in found if f["area"] not in DIVISIONS | {"lancashire"}]
    assert districts and any(f["alert"] is None for f in districts)
    assert all(f["alert"] is None or f["alert"] in alerts for f in districts)
    # Every alert id is the id of the finding that leads it.
    ids = {f["id"] for f in found}
    assert alerts <= ids
