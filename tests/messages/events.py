"""Events for the message tests: grouped by detectors.events from hand-made findings whose
figures are known (East and West make 240 of a 300 burglary rise), and the names they use."""

from __future__ import annotations

from detectors.events import Figure, Place, group_events
from detectors.finding import Evidence, Finding
from tests.messages.samples import Indicator

MONTH = "2022-03"
PLACES = {
    p.slug: p
    for p in (
        Place("lancashire", "force"),
        Place("east", "division", "lancashire"),
        Place("south", "division", "lancashire"),
        Place("west", "division", "lancashire"),
        Place("preston", "district", "south"),
        Place("chorley", "district", "south"),
        Place("wyre", "district", "west"),
    )
}
NAMES = {
    "lancashire": "Lancashire",
    "east": "East Division",
    "south": "South Division",
    "west": "West Division",
    "preston": "Preston",
    "chorley": "Chorley",
    "wyre": "Wyre",
}
CATEGORIES = ("burglary", "robbery", "shoplifting", "vehicle-crime", "drugs")
COMPONENTS = {"all-crime": CATEGORIES, "high-impact-acquisitive": ("burglary", "robbery")}


def _indicator(slug: str, name: str, noun: str) -> Indicator:
    return Indicator(slug, name, noun, "Tackling Crime & Re-offending")


INDICATORS = {
    i.slug: i
    for i in (
        _indicator("burglary", "Burglary", "burglaries"),
        _indicator("robbery", "Robbery", "robberies"),
        _indicator("shoplifting", "Shoplifting", "shoplifting offences"),
        _indicator("vehicle-crime", "Vehicle crime", "vehicle crimes"),
        _indicator("drugs", "Drugs", "drug offences"),
        _indicator("all-crime", "All crime", "crimes"),
        _indicator("high-impact-acquisitive", "High impact acquisitive crime", "crimes"),
    )
}


def finding(
    indicator: str,
    area: str,
    value: float,
    expected: float,
    *,
    status: str = "new",
    month: str = MONTH,
    started: str = MONTH,
) -> Finding:
    evidence = Evidence("beyond-limit", "poisson-xmr", "2019-03", "2022-02", 36)
    return Finding(
        indicator,
        area,
        month,
        "exceptional",
        "up",
        value,
        expected,
        evidence,
        f"{indicator}:{area}:up:{started}",
        month,
        status,  # type: ignore[arg-type]
    )


def figures(*found: Finding, **more: tuple[float, float]) -> dict[tuple[str, str], Figure]:
    table = {(f.indicator, f.area): Figure(f.value, f.expected) for f in found}
    for key, (value, expected) in more.items():
        indicator, area = key.split("__")
        table[(indicator.replace("_", "-"), area)] = Figure(value, expected)
    return table


def events(found, table=None, earlier=None):
    return group_events(
        found,
        places=PLACES,
        components=COMPONENTS,
        figures=table if table is not None else figures(*found),
        earlier=earlier,
    ).events


FORCE_RISE = [
    finding("burglary", "lancashire", 1300, 1000),
    finding("burglary", "east", 520, 400),
    finding("burglary", "west", 500, 380),
    finding("burglary", "south", 280, 220),
    finding("all-crime", "lancashire", 9900, 9600),
    finding("high-impact-acquisitive", "lancashire", 1420, 1110),
]
DIVISION_RISE = [
    finding("robbery", "south", 30, 14.5),
    finding("robbery", "preston", 18, 7),
]
TOTAL_ALONE = finding("all-crime", "lancashire", 12500, 12000)
TOTAL_PARTS = figures(
    TOTAL_ALONE,
    shoplifting__lancashire=(1090, 700),  # +390 of the +500 that rose: 78%
    vehicle_crime__lancashire=(1110, 1000),
    burglary__lancashire=(995, 1000),
)
