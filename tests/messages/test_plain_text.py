"""The dry-run rendering: readable text, entities decoded, buttons and chart named."""

from __future__ import annotations

from messages.alert import alert_message
from messages.model import SlackMessage
from messages.plain_text import readable, to_plain_text
from tests.messages.samples import EXCEPTIONAL, ROBBERY, ROBBERY_YOY, robbery_series


def test_an_alert_reads_as_text():
    text = to_plain_text(
        alert_message(
            EXCEPTIONAL,
            ROBBERY,
            "Blackburn with <Darwen> & co",
            series=robbery_series(),
            year_on_year=ROBBERY_YOY,
        )
    )
    lines = text.splitlines()
    assert lines[0] == "Robbery: Blackburn with <Darwen> & co, May 2017"
    assert lines[2].startswith("🔴 Exceptionally high. 33 robberies in May 2017")
    assert "[Acknowledge]  [Snooze 3 months]  [Breakdown by area]" in lines
    assert lines[-1].startswith("[chart robbery-south-2017-05.png: Line chart")
    assert "&amp;" not in text and "*" not in text


def test_markup_is_dropped_but_data_stars_stay():
    assert readable("*Robbery*: 3 &lt; 4 _note_ a*b") == "Robbery: 3 < 4 note a*b"


def test_a_message_without_blocks_prints_its_fallback():
    assert to_plain_text(SlackMessage(text="just &amp; this")) == "just & this"
