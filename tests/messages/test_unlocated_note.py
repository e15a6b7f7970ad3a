"""Crimes with no location: the digest and the report say why divisions do not add up."""

from messages.digest import digest_messages
from messages.inputs import Unlocated
from messages.plain_text import to_plain_text
from messages.report_html import report_html
from tests.messages.samples import FORCE, report_inputs

NOTE = "The divisions do not add up to"


def digest_text(unlocated):
    figures, findings = report_inputs(charts=False)
    pages = digest_messages(
        "2017-05", FORCE, figures, findings, allow_sensitive=False, unlocated=unlocated
    )
    return "\n".join(to_plain_text(page) for page in pages)


def test_the_digest_gives_both_periods_counts():
    text = digest_text(Unlocated(current=6664, previous=18754))
    assert (
        f"{NOTE} {FORCE}: 6,664 crimes in the In Year Performance period had no recorded "
        f"location and count for {FORCE} only (18,754 in the Previous 12 Month Period)."
    ) in text


def test_no_note_without_unlocated_crimes():
    assert NOTE not in digest_text(Unlocated(0, 0))
    assert NOTE not in digest_text(None)


def test_the_report_carries_the_note():
    figures, findings = report_inputs(charts=False)
    html = report_html(
        "2017-05", FORCE, figures, findings, include_sensitive=False, unlocated=Unlocated(12, 30)
    )
    assert "12 crimes in the In Year Performance period had no recorded location" in html
    assert NOTE not in report_html("2017-05", FORCE, figures, findings, include_sensitive=False)
