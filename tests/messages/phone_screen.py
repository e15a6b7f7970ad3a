"""A phone screen, measured apart from messages.phone: what the summary must fit.

A 390-pt-wide phone shows about 40 characters a line of Slack's message text and 30 of its
larger header type, and about 24 lines of one message on a screen (messages.phone says why).
Lines are wrapped between words, as the phone does; an emoji takes two characters' room.
"""

from __future__ import annotations

import textwrap
import unicodedata

from messages.plain_text import readable

WIDTH = 40
HEADER_WIDTH = 30
SCREEN = 24


def _wrapped(text: str, width: int) -> list[str]:
    wide = "".join(c * 2 if unicodedata.east_asian_width(c) in "WF" else c for c in text)
    return [row for line in wide.splitlines() for row in textwrap.wrap(line, width) or [""]]


def phone_rows(message) -> list[str]:
    """The message as the phone shows it, one string a row: the header in its type, each line
    of each section, each element of each context."""
    rows = []
    for block in message.blocks:
        if block["type"] == "header":
            rows += _wrapped(readable(block["text"]["text"]), HEADER_WIDTH)
        elif block["type"] == "section":
            rows += _wrapped(readable(block["text"]["text"]), WIDTH)
        elif block["type"] == "context":
            for item in block["elements"]:
                rows += _wrapped(readable(item["text"]), WIDTH)
    return rows
