"""How much of a Slack message one phone screen shows, in lines of text.

The digest's summary is written for a phone 390 pt wide (iPhone 12 to 16; Android phones are
360 to 412 dp): beside the sender's avatar, Slack's message text (Lato, about 15 pt) fits about
PHONE_WIDTH characters a line, its larger, bold header type about HEADER_WIDTH. One screen,
below Slack's channel header and above its message box (about 620 of the 844 pt), holds about
PHONE_LINES lines of one message once its sender's name and the gaps between blocks are taken
off. Slack's mobile app may fold a long section behind "See more" at a point it does not
document; the summary asks Slack to show it whole (the section's ``expand``) and keeps itself
to one screen instead.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Iterable
from typing import Any

from messages.plain_text import readable

PHONE_WIDTH = 40
HEADER_WIDTH = 30
PHONE_LINES = 24


def _columns(text: str) -> str:
    """``text`` with each wide character (an emoji) doubled, so that wrapping counts it as the
    two columns it takes."""
    return "".join(ch * 2 if unicodedata.east_asian_width(ch) in "WF" else ch for ch in text)


def wrapped(text: str, width: int = PHONE_WIDTH) -> int:
    """Lines ``text`` takes on the phone: each of its lines wrapped between words at ``width``
    characters; an empty line takes one."""
    return sum(
        max(1, len(textwrap.wrap(_columns(line), width))) for line in text.splitlines() or [""]
    )


def screen_lines(blocks: Iterable[dict[str, Any]]) -> int:
    """Lines a message's blocks take on the phone: the header in its larger type, each line of
    a section and each element of a context as it reads (markup dropped, emoji drawn)."""
    total = 0
    for block in blocks:
        if block["type"] == "header":
            total += wrapped(readable(block["text"]["text"]), HEADER_WIDTH)
        elif block["type"] == "section" and "text" in block:
            total += wrapped(readable(block["text"]["text"]))
        elif block["type"] == "context":
            total += sum(wrapped(readable(item.get("text", ""))) for item in block["elements"])
    return total
