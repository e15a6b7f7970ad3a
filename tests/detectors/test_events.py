"""Events: one alert per real event, the rest lines in it (hand-made findings, known answers)."""

from __future__ import annotations

from detectors.events import EarlierEvent, Figure, Place, group_events
from detectors.finding import Evidence, Finding

MONTH = "2022-03"
PLACES = {
    p.slug: p
    for p in (
        Place("lancashire", "force"),
        Place("east", "division", "lancashire"),
        Place("south", "division", "lancashire"),
        Place("west", "division", "lancashire"),
        Place("burnley", "district", "east"),
        Place("pendle", "district", "east"),
        Place("preston", "district", "south"),
        Place("chorley", "district", "south"),
        Place("blackpool", "district", "west"),
        Place("wyre", "district", "west"),
    )
}
COMPONENTS = {
    "high-impact-acquisitive": ("burglary", "robbery"),
    "acquisitive-crime": ("burglary", "robbery", "shoplifting", "vehicle-crime"),
    "all-crime": ("burglary", "robbery", "shoplifting", "vehicle-crime", "violent-crime"),
}


def finding(
    indicator, area, value, expected, *, direction="up", status="new", month=MONTH, started=MONTH
):
    evidence = Evidence("beyond-limit", "poisson-xmr", "2019-03", "2022-02", 36)
    episode = f"{indicator}:{area}:{direction}:{started}"
    return Finding(
        indicator,
        area,
        month,
        "exceptional",
        direction,
        value,
        expected,
        evidence,
        episode,
        month,
        status,
    )


def figures(*found, **extra):
    table = {(f.indicator, f.area): Figure(f.value, f.expected) for f in found}
    table.update(extra.get("table", {}))
    return table


def group(found, table=None, earlier=None):
    return group_events(
        found,
        places=PLACES,
        components=COMPONENTS,
        figures=table if table is not None else figures(*found),
        earlier=earlier,
    )


def test_a_force_wide_rise_is_one_alert_naming_its_divisions():
    # Burglary up at the force and in every division; the totals that sum it rise with it.
    found = [
        finding("burglary", "lancashire", 1300, 1000),
        finding("burglary", "east", 520, 400),
        finding("burglary", "west", 500, 380),
        finding("burglary", "south", 280, 220),
    ]
    totals = [
        finding(t, a, 100, 50) for t in COMPONENTS for a in ("lancashire", "east", "south", "west")
    ]
    grouping = group(found + totals)
    (event,) = grouping.events
    assert event.lead.area == "lancashire" and event.lead.indicator == "burglary"
    assert {m.area for m in event.members} == {"east", "south", "west"}
    assert len(event.knock_on) == 12  # three totals in four areas: lines, not alerts
    # East 120 and West 120 of the 300 rise: two-thirds, so those two are named.
    assert [s.key for s in event.where] == ["east", "west"]
    assert set(grouping.event_of.values()) == {event.id}


def test_a_total_with_no_component_finding_is_told_with_its_drivers():
    total = finding("all-crime", "lancashire", 12500, 12000)
    table = figures(
        total,
        table={
            ("shoplifting", "lancashire"): Figure(1090, 700),  # +390 of the +500 rise: 78%
            ("vehicle-crime", "lancashire"): Figure(1110, 1000),
            ("burglary", "lancashire"): Figure(995, 1000),
        },
    )
    (event,) = group([total], table).events
    assert event.lead is total
    assert [(d.key, round(d.share, 2)) for d in event.drivers] == [("shoplifting", 0.78)]


def test_a_district_on_its_own_reaches_only_its_subscribers():
    (event,) = group([finding("robbery", "preston", 12, 4)]).events
    assert not event.top_level


def test_districts_are_breakdowns_of_their_divisions_alert():
    found = [finding("robbery", "south", 30, 14.5), finding("robbery", "preston", 18, 7)]
    (event,) = group(found).events
    assert event.lead.area == "south" and [m.area for m in event.members] == ["preston"]
    assert event.top_level


def test_most_divisions_without_the_force_are_one_force_wide_alert():
    found = [finding("drugs", "east", 200, 150), finding("drugs", "west", 260, 190)]
    (event,) = group(found).events
    assert event.force_wide and event.lead.area == "west"  # the larger move leads
    assert [m.area for m in event.members] == ["east"]


def test_one_division_of_three_is_its_own_alert():
    found = [finding("drugs", "east", 200, 150)]
    (event,) = group(found).events
    assert not event.force_wide and event.lead.area == "east"


def test_opposite_directions_are_separate_events():
    found = [
        finding("robbery", "lancashire", 90, 60),
        finding("robbery", "east", 10, 25, direction="down"),
    ]
    assert len(group(found).events) == 2


def test_later_months_stay_in_their_event_and_newcomers_join_it():
    first = finding(
        "anti-social-behaviour", "lancashire", 11636, 4000, month="2020-04", started="2020-04"
    )
    event_id = first.id
    earlier = {first.episode: EarlierEvent(event_id)}
    later = finding(
        "anti-social-behaviour",
        "lancashire",
        11490,
        4000,
        month="2020-05",
        status="continuing",
        started="2020-04",
    )
    newcomer = finding(
        "anti-social-behaviour", "south", 3900, 1300, month="2020-05", started="2020-05"
    )
    grouping = group([later, newcomer], earlier=earlier)
    (event,) = grouping.events
    assert event.id == event_id and event.status == "continuing" and event.lead is later
    assert event.members == (newcomer,)  # a line in the thread, never a new alert


def test_a_member_whose_event_has_no_lead_this_month_is_silent():
    lead = finding("burglary", "lancashire", 1, 1, month="2022-02", started="2022-02")
    member = finding("burglary", "east", 520, 400, status="continuing", started="2022-02")
    earlier = {lead.episode: EarlierEvent(lead.id), member.episode: EarlierEvent(lead.id)}
    grouping = group([member], earlier=earlier)
    assert grouping.events == () and grouping.event_of[member.id] == lead.id


def test_a_force_move_made_by_one_division_is_that_divisions_alert():
    found = [finding("burglary", "lancashire", 1150, 1000), finding("burglary", "west", 530, 380)]
    table = figures(
        *found,
        table={("burglary", "east"): Figure(400, 395), ("burglary", "south"): Figure(222, 225)},
    )
    (event,) = group(found, table).events
    assert event.lead.area == "west" and [m.area for m in event.members] == ["lancashire"]


def test_a_rise_spreading_from_a_division_to_the_force_is_one_event():
    west = finding(
        "theft-from-the-person",
        "west",
        60,
        30,
        month="2021-07",
        status="continuing",
        started="2021-06",
    )
    first_id = f"{west.episode}:2021-06"
    force = finding(
        "theft-from-the-person", "lancashire", 140, 90, month="2021-07", started="2021-07"
    )
    grouping = group([west, force], earlier={west.episode: EarlierEvent(first_id)})
    (event,) = grouping.events
    assert event.id == first_id and event.members == (force,)


def test_a_district_event_does_not_swallow_its_division():
    district = finding(
        "robbery", "preston", 14, 5, month="2021-07", status="continuing", started="2021-06"
    )
    first_id = f"{district.episode}:2021-06"
    division = finding("robbery", "south", 30, 14, month="2021-07", started="2021-07")
    grouping = group([district, division], earlier={district.episode: EarlierEvent(first_id)})
    assert {e.lead.area for e in grouping.events} == {"preston", "south"}


def test_a_force_move_whose_only_divisional_finding_is_half_of_it_is_that_divisions():
    # East doubles (+15); South's +8 is ordinary noise with no finding; the force is up 20.
    found = [finding("robbery", "lancashire", 62, 42), finding("robbery", "east", 30, 15)]
    table = figures(
        *found,
        table={("robbery", "south"): Figure(20, 12), ("robbery", "west"): Figure(12, 15)},
    )
    # Among the divisions that rose, East is 15 of 23 (65%), short of two-thirds; of the
    # force's net rise of 20 it is 75%.
    (event,) = group(found, table).events
    assert event.lead.area == "east" and [m.area for m in event.members] == ["lancashire"]


def test_a_force_move_with_its_only_divisional_finding_under_half_stays_the_forces():
    found = [finding("robbery", "lancashire", 80, 42), finding("robbery", "east", 30, 15)]
    table = figures(
        *found,
        table={("robbery", "south"): Figure(25, 12), ("robbery", "west"): Figure(25, 15)},
    )
    # East's +15 is 39% of the force's +38; with South's +13 the two make 74%: both named.
    (event,) = group(found, table).events
    assert event.lead.area == "lancashire" and [s.key for s in event.where] == ["east", "south"]
