"""The digest of the demo's last month (2022-10), on the bundled real Lancashire counts loaded
and run as ``scrutiny demo`` does: its summary fits one phone screen, and its statements say
what the counts themselves (added up here, apart from scrutiny) say."""

from __future__ import annotations

import csv
from collections import defaultdict
from importlib import resources

import pytest

from bot.use_cases.digest import DigestData, gather, slack_digest
from storage.db import open_db
from storage.demo_data import demo_counts
from tests.messages.phone_screen import SCREEN, phone_rows

MONTH = "2022-10"
CURRENT = [f"2021-{m}" for m in ("11", "12")] + [f"2022-{m:02d}" for m in range(1, 11)]
PREVIOUS = [f"2020-{m}" for m in ("11", "12")] + [f"2021-{m:02d}" for m in range(1, 11)]


@pytest.fixture(scope="session")
def demo(real_runs) -> tuple[DigestData, list]:
    """The digest data for 2022-10 of the demo's database, and its monthly runs."""
    db = open_db(real_runs.db_path)
    data = gather(db, MONTH)
    db.close()
    return data, real_runs.results


def in_year(crime_type: str) -> dict[str, int]:
    """The In Year change of a crime type from the bundled counts: the force's, and each
    division's (districts placed by the areas file; crimes with no LSOA in none)."""
    division_of = {}
    text = resources.files("storage").joinpath("data", "lancashire-areas.csv").read_text()
    for row in csv.DictReader(text.splitlines()):
        division_of[row["local_authority"]] = row["division"]
    change: dict[str, int] = defaultdict(int)
    for month, rows in demo_counts().items():
        sign = 1 if month in CURRENT else -1 if month in PREVIOUS else 0
        for district, kind, count in rows:
            if kind == crime_type:
                change["force"] += sign * count
                if district in division_of:
                    change[division_of[district]] += sign * count
    return dict(change)


def statements_of(data: DigestData, slug: str) -> str:
    return " ".join(next(i for i in data.figures if i.indicator.slug == slug).statements)


def test_the_summary_of_the_demo_s_last_month_fits_one_phone_screen(demo):
    data, results = demo
    summary = slack_digest(data, allow_sensitive=False)[0]
    rows = phone_rows(summary)
    assert len(rows) <= SCREEN, "\n".join(rows)
    text = " ".join(rows)
    posted = [e for e in results[-1].alerts if e.lead.kind != "data-quality"]
    assert f"This month: {len(posted)} new alerts" in text
    assert "…and" not in text  # every alert of the month is named, none left for the thread
    for alert in data.told.alerts:
        assert f"{alert.indicator.name}, {alert.area_name}: " in text
    assert "More in the thread" in rows[-2] + rows[-1]


def test_a_fall_outside_the_divisions_is_said_to_be_outside_them(demo):
    data, _ = demo
    public_order = in_year("Public order")  # the force -1,181; the divisions +9 together
    together = sum(public_order[d] for d in ("East", "South", "West"))
    assert public_order["force"] < 0 < together
    text = statements_of(data, "public-order")
    assert (
        f"The divisions together rose by {together:,} public order offences, so the reduction "
        "is in those with no recorded location, which count for Lancashire only."
    ) in text
    assert "attributable" not in text


def test_a_total_s_parts_are_counted_in_their_own_nouns_and_named_once(demo):
    data, _ = demo
    asb, robbery = in_year("Anti-social behaviour"), in_year("Robbery")
    public_order = in_year("Public order")
    everything = statements_of(data, "all-crime-and-asb")
    assert f"Anti-social behaviour - Down {-asb['force']:,} ASB incidents (" in everything
    assert everything.count("Anti-social behaviour - Down") == 1  # the driver, not again
    assert (
        "There have also been favourable results in: Public order - Down "
        f"{-public_order['force']:,} crimes ("
    ) in everything
    hiac = statements_of(data, "high-impact-acquisitive")
    assert f"Robbery - Up {robbery['force']:,} crimes (" in hiac
