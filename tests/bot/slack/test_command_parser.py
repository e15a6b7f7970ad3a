"""Reading ``/scrutiny`` text: forgiving names, months, and nothing that breaks on odd input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.slack.command_parser import (
    Alerts,
    Areas,
    Digest,
    Explain,
    Help,
    Indicators,
    NotUnderstood,
    Show,
    Subscribe,
)
from bot.slack.registry import parse
from bot.use_cases.names import Vocabulary
from storage.areas import Area
from storage.catalogue import builtin_indicators

AREAS = [
    Area("lancashire", "Lancashire", "force", None),
    Area("south", "South Division", "division", "lancashire"),
    Area("west", "West Division", "division", "lancashire"),
    Area("south-ribble", "South Ribble", "district", "south"),
    Area("preston", "Preston", "district", "south"),
    Area("ribble-valley", "Ribble Valley", "district", "west"),
]
VOCABULARY = Vocabulary.of(builtin_indicators().values(), AREAS)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", Help()),
        ("help", Help()),
        ("show robbery south", Show("robbery", "south", None)),
        ("Show Robbery South Division", Show("robbery", "south", None)),
        ("show robbery south ribble", Show("robbery", "south-ribble", None)),
        ("show robery west 2022-10", Show("robbery", "west", "2022-10")),
        ("shwo burgalry preston Oct 2022", Show("burglary", "preston", "2022-10")),
        (
            "show asb ribble valley 10/2022",
            Show("anti-social-behaviour", "ribble-valley", "2022-10"),
        ),
        ("show anti-social behaviour", Show("anti-social-behaviour", None, None)),
        ("show violence and sexual offences", Show("violent-crime", None, None)),
        ("show ksi", Show("ksi-casualties", None, None)),
        (
            "show victim satisfaction lancashire latest",
            Show("victim-satisfaction", "lancashire", None),
        ),
        ("alerts", Alerts(None)),
        ("alerts south", Alerts("south")),
        ("digest", Digest(None)),
        ("digest September 2022", Digest("2022-09")),
        ("indicators", Indicators()),
        ("areas", Areas()),
        ("subscribe all", Subscribe("all", "", None)),
        ("subscribe burglary south", Subscribe("indicator", "burglary", "south")),
        (
            "subscribe vulnerable people",
            Subscribe("theme", "Supporting Vulnerable People & Victims", None),
        ),
        (
            "subscribe tackling crime &amp; re-offending west",
            Subscribe("theme", "Tackling Crime & Re-offending", "west"),
        ),
        ("unsubscribe all preston", Subscribe("all", "", "preston", remove=True)),
        ("explain robbery:south:up:2022-10:2022-10", Explain("robbery:south:up:2022-10:2022-10")),
        ("explain robbery west", Explain(indicator="robbery", area="west")),
        ("why asb south ribble", Explain(indicator="anti-social-behaviour", area="south-ribble")),
        ("explain robery", Explain(indicator="robbery", area=None)),
    ],
)
def test_reads(text, expected):
    assert parse(text, VOCABULARY) == expected


@pytest.mark.parametrize(
    "text, kind, given",
    [
        ("frobnicate", "command", "frobnicate"),
        ("show kittens", "indicator", "kittens"),
        ("show robbery narnia", "area", "narnia"),
        ("show robbery 2022-13", "month", "2022-13"),
        ("show", "usage", None),
        ("explain", "usage", None),
        ("explain robbery:south:up:2022-10:2022-10 west", "usage", None),
        ("explain kittens west", "indicator", "kittens west"),
        ("explain robbery narnia", "area", "narnia"),
        ("alerts nowhere at all", "area", "nowhere at all"),
    ],
)
def test_says_what_it_could_not_read(text, kind, given):
    found = parse(text, VOCABULARY)
    assert isinstance(found, NotUnderstood) and found.kind == kind
    if given is not None:
        assert found.given == given


def test_an_ambiguous_name_is_not_guessed():
    # "burg" starts both Burglary and Burglary (residential).
    assert parse("show burg", VOCABULARY) == NotUnderstood("indicator", "burg")


def test_very_long_text_is_refused_before_matching():
    found = parse("show " + "robbery " * 2000, VOCABULARY)
    assert isinstance(found, NotUnderstood) and found.kind == "usage"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=120))
def test_any_text_parses_to_a_request(text):
    parse(text, VOCABULARY)
