"""Routing: default channel, subscriptions by indicator, theme and area, the sensitive rule."""

from __future__ import annotations

from bot.delivery.routing import channels_for, lineage
from storage.areas import Area
from storage.catalogue import builtin_indicators
from storage.subscriptions import Subscription

AREAS = [
    Area("lancashire", "Lancashire", "force", None),
    Area("south", "South Division", "division", "lancashire"),
    Area("preston", "Preston", "district", "south"),
    Area("west", "West Division", "division", "lancashire"),
]
ROBBERY = builtin_indicators()["robbery"]
RAPE = builtin_indicators()["rape"]
CLEARED = frozenset({"CPPU", "CSENS"})


def route(indicator, area, subscriptions, default="CALL"):
    return channels_for(
        indicator,
        lineage(area, AREAS),
        subscriptions,
        default_channel=default,
        sensitive_channels=CLEARED,
    )


def test_lineage_runs_up_to_the_force():
    assert lineage("preston", AREAS) == ["preston", "south", "lancashire"]
    assert lineage("unknown", AREAS) == ["unknown"]


def test_default_channel_and_matching_subscriptions_once_each():
    subs = [
        Subscription("CSOUTH", "all", "", "south"),
        Subscription("CROB", "indicator", "robbery"),
        Subscription("CTHEME", "theme", ROBBERY.theme, "preston"),
        Subscription("CWEST", "all", "", "west"),
        Subscription("CBURG", "indicator", "burglary"),
        Subscription("CALL", "all", ""),
    ]
    assert route(ROBBERY, "preston", subs) == ["CALL", "CSOUTH", "CROB", "CTHEME"]
    assert route(ROBBERY, "south", subs) == ["CALL", "CSOUTH", "CROB"]  # not CTHEME (preston only)


def test_sensitive_indicators_only_reach_cleared_channels():
    subs = [Subscription("CPPU", "indicator", "rape"), Subscription("CSOUTH", "all", "", "south")]
    assert route(RAPE, "preston", subs) == ["CPPU"]


def test_a_sensitive_alert_nobody_cleared_subscribed_goes_to_every_cleared_channel():
    assert route(RAPE, "preston", []) == ["CPPU", "CSENS"]
