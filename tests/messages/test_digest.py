"""The Slack digest: one phone screen before "more", counts of what was posted, notes said once."""

from __future__ import annotations

from dataclasses import replace

from messages.digest import digest_messages
from messages.inputs import AreaFigure, IndicatorFigures, NamedFinding, Told
from messages.plain_text import readable
from tests.messages.phone_screen import SCREEN, phone_rows
from tests.messages.samples import EXCEPTIONAL, FORCE, ROBBERY, report_inputs, yoy


def screen_lines(message) -> list[str]:
    """The first message as Slack shows it: the header, then each line of its blocks."""
    lines = []
    for block in message.blocks:
        if block["type"] == "header":
            lines.append(block["text"]["text"])
        elif block["type"] == "section":
            lines += block["text"]["text"].splitlines()
        elif block["type"] == "context":
            lines += [item["text"] for item in block["elements"]]
    return [readable(line) for line in lines]


def before_more(message) -> list[str]:
    lines = screen_lines(message)
    return lines[: next(n for n, line in enumerate(lines) if line.startswith("More"))]


def many_alerts(n: int) -> Told:
    return Told(
        alerts=tuple(
            NamedFinding(replace(EXCEPTIONAL, area=f"d{i}"), ROBBERY, f"District {i}")
            for i in range(n)
        )
    )


def test_the_summary_fits_a_phone_screen_however_many_alerts():
    figures, _ = report_inputs(charts=False)
    for n in (0, 3, 30):
        for allow_sensitive in (True, False):
            summary = digest_messages(
                "2017-05", FORCE, figures, many_alerts(n), allow_sensitive=allow_sensitive
            )[0]
            rows = phone_rows(summary)
            assert len(rows) <= SCREEN, "\n".join(rows)
            assert rows[-1].strip() and any(r.startswith("More in the thread") for r in rows)
            assert f"This month: {n} new alert" in " ".join(rows)


def test_alerts_left_out_of_the_summary_are_counted_and_in_the_thread():
    figures, _ = report_inputs(charts=False)
    summary, *thread = digest_messages(
        "2017-05", FORCE, figures, many_alerts(30), allow_sensitive=True
    )
    text = "\n".join(before_more(summary))
    shown = text.count("District ")
    assert 0 < shown < 30 and f"…and {30 - shown} more in the thread." in text
    threaded = "\n".join("\n".join(screen_lines(page)) for page in thread)
    assert all(f"District {i}" in threaded for i in range(30))


def test_the_fallback_counts_what_was_posted():
    figures, told = report_inputs(charts=False)
    summary = digest_messages("2017-05", FORCE, figures, told, allow_sensitive=True)[0]
    assert summary.text == (
        "Monthly digest for Lancashire, May 2017: 2 new alerts, 2 follow-ups "
        "(1 continuing, 1 ended)."
    )
    general = digest_messages("2017-05", FORCE, figures, told, allow_sensitive=False)[0]
    assert "1 new alert, 2 follow-ups" in general.text  # the rape alert is not this channel's


def test_annualised_totals_are_said_once():
    short = [
        IndicatorFigures(
            ROBBERY,
            tuple(
                AreaFigure(name, replace(yoy("robbery", name, 700, 540), months_previous=9))
                for name in (FORCE, "East Division", "West Division")
            ),
        )
    ]
    text = "\n".join(
        "\n".join(screen_lines(m))
        for m in digest_messages("2017-05", FORCE, short, Told(), allow_sensitive=True)
    )
    note = "Annualised from 9 months of data in the previous 12 (every indicator)."
    assert text.count("annualised") + text.count("Annualised") == 2  # summary and thread
    assert text.count(note) == 2


def test_small_numbers_are_caveated_in_slack():
    figures, told = report_inputs(charts=False)
    text = "\n".join(
        "\n".join(screen_lines(m))
        for m in digest_messages("2017-05", FORCE, figures, told, allow_sensitive=True)
    )
    assert "• Modern slavery: Up 612.5% (+49 modern slavery crimes), small numbers" in text
    assert "East Division up 533.3% (+16)†" in text
    assert (
        "small numbers: large percentage changes can be attributable to the small numbers" in text
    )


def test_the_summary_says_what_drove_the_rise_and_what_rose_most():
    figures, told = report_inputs(charts=False)
    lines = before_more(digest_messages("2017-05", FORCE, figures, told, allow_sensitive=False)[0])
    assert lines[1] == "All crime, 12 months to May 2017: Up 12.1% (+12,020 crimes)"
    assert lines[2] == "Driven by: Shoplifting +1,170 (43% of the rise), Robbery +210 (8%)"
    assert lines[3] == "Rose most: Shoplifting +15.7%, Robbery +38.9%"


def test_the_summary_names_each_alert_and_the_thread_gives_its_figures():
    figures, told = report_inputs(charts=False)
    summary, *thread = digest_messages("2017-05", FORCE, figures, told, allow_sensitive=False)
    line = next(r for r in before_more(summary) if "Robbery, South Division" in r)
    assert line == "🔴 Robbery, South Division: Exceptionally high."
    threaded = "\n".join("\n".join(screen_lines(page)) for page in thread)
    assert "Robbery, South Division: Exceptionally high. 33 robberies in May 2017" in threaded
