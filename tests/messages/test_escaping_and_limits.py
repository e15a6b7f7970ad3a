"""The escaping filter, the template environment and the cuts that keep text within limits."""

from __future__ import annotations

import pytest
from jinja2 import UndefinedError

from messages import limits
from messages.blocks import context, header, message, paginate, section, sections
from messages.escaping import Mrkdwn, escape_mrkdwn, is_escaped, safe_cut, unescape_mrkdwn
from messages.limits import LimitError, split_lines, truncate
from messages.model import SlackMessage
from messages.templating import environment, macro


def test_limits_are_the_documented_block_kit_limits():
    # Written out again on purpose: a change to a constant must be a change to this test too.
    assert (
        limits.MAX_BLOCKS,
        limits.SECTION_TEXT,
        limits.HEADER_TEXT,
        limits.MAX_FIELDS,
        limits.FIELD_TEXT,
        limits.CONTEXT_ELEMENTS,
        limits.ACTIONS_ELEMENTS,
        limits.BUTTON_TEXT,
        limits.ALT_TEXT,
    ) == (50, 3000, 150, 10, 2000, 10, 25, 75, 2000)


def test_escape_replaces_the_three_control_characters():
    assert escape_mrkdwn("<!channel> & <@U1>") == "&lt;!channel&gt; &amp; &lt;@U1&gt;"
    assert unescape_mrkdwn(escape_mrkdwn("a &amp; <b>")) == "a &amp; <b>"


def test_escaped_text_is_not_escaped_twice():
    once = escape_mrkdwn("a & b")
    assert escape_mrkdwn(once) == "a &amp; b"


@pytest.mark.parametrize(
    "text, ok",
    [("a &amp; b", True), ("a & b", False), ("<x>", False), ("&lt;&gt;", True), ("&copy;", False)],
)
def test_is_escaped(text, ok):
    assert is_escaped(text) is ok


def test_a_cut_never_splits_an_entity():
    text = "ab&amp;cd"
    assert [safe_cut(text, n) for n in range(2, 8)] == [2, 2, 2, 2, 2, 7]
    cut = truncate(Mrkdwn("x" * 2995 + "&amp;" * 10), 3000)
    assert len(cut) <= 3000 and is_escaped(cut) and cut.endswith("…")
    assert isinstance(cut, Mrkdwn)


def test_long_text_is_split_between_lines():
    lines = [f"line {i} " + "x" * 90 for i in range(100)]
    chunks = split_lines(Mrkdwn("\n".join(lines)))
    assert all(len(chunk) <= 3000 for chunk in chunks)
    assert "\n".join(chunks) == "\n".join(lines)


def test_templates_escape_every_value_and_fail_on_a_missing_one():
    text = macro(
        "alert.mrkdwn", "fallback", indicator="<!channel>", area="A & B", headline="h", sentence="s"
    )
    assert text == "&lt;!channel&gt;, A &amp; B: h. s"
    with pytest.raises(UndefinedError):
        macro("alert.mrkdwn", "fallback", indicator="x")


def test_one_environment_serves_every_template():
    env = environment()
    assert environment() is env
    assert env.get_template("report.html").environment is env
    assert env.get_template("digest.mrkdwn").environment is env


def test_blocks_refuse_text_that_skipped_escaping():
    with pytest.raises(TypeError, match="Mrkdwn"):
        section("<!channel>")  # type: ignore[arg-type]


def test_builders_keep_within_limits():
    assert len(header("x" * 500)["text"]["text"]) == 150
    assert len(section(Mrkdwn("y" * 5000))["text"]["text"]) == 3000
    block = context([Mrkdwn(f"item {i}") for i in range(14)])
    assert len(block["elements"]) == 10 and block["elements"][-1]["text"].startswith(
        "item 9 · item 10"
    )
    assert context([]) == {}
    assert len(sections(Mrkdwn("z\n" * 4000))) == 3


def test_a_long_body_is_paginated_with_headers():
    pages = paginate("Digest", [section(Mrkdwn(str(i))) for i in range(120)])
    assert [len(p) for p in pages] == [50, 50, 23]
    assert pages[1][0]["text"]["text"] == "Digest (continued, 2 of 3)"


def test_message_refuses_what_slack_would_reject():
    with pytest.raises(LimitError, match="51 blocks"):
        message(Mrkdwn("t"), [section(Mrkdwn("s"))] * 51)
    assert "fallback text is empty" in limits.violations(SlackMessage(text=" "))
