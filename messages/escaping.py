"""mrkdwn escaping: the only way a value from data or a user reaches Slack text.

Slack treats ``&``, ``<`` and ``>`` as control characters (``<!channel>``, ``<@U123>``, links),
so any text that did not come from our own templates is escaped before it is sent.
"""

from __future__ import annotations

import re

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_SPECIAL = re.compile("[&<>]")
# What an escaped text may contain after an ``&``: one of the three entities we produce.
_ENTITY = re.compile("&(?:amp|lt|gt);")
_USER_ID = re.compile(r"[UW][A-Z0-9]{2,30}")


class Mrkdwn(str):
    """Text that is already safe to send as Slack mrkdwn (escaped, or written by us)."""

    __slots__ = ()


def escape_mrkdwn(value: object) -> Mrkdwn:
    """Escape ``&``, ``<``, ``>`` in ``value``; text already marked ``Mrkdwn`` passes unchanged."""
    if isinstance(value, Mrkdwn):
        return value
    return Mrkdwn(_SPECIAL.sub(lambda m: _ESCAPES[m.group()], str(value)))


def mention(user_id: str) -> Mrkdwn:
    """``<@U123>`` for a real Slack user id; anything else is shown, escaped, as text."""
    return Mrkdwn(f"<@{user_id}>") if _USER_ID.fullmatch(user_id) else escape_mrkdwn(user_id)


def as_sent(text: str) -> Mrkdwn:
    """Text of a message we sent, as Slack hands it back: kept when it is escaped (escaping it
    again would show ``&amp;amp;``), escaped when it is not."""
    return Mrkdwn(text) if is_escaped(text) else escape_mrkdwn(text)


def unescape_mrkdwn(text: str) -> str:
    """Back to the characters a person reads (for terminals and the plain-text rendering)."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def is_escaped(text: str) -> bool:
    """True when ``text`` has no raw ``<`` or ``>`` and every ``&`` starts one of our entities."""
    if "<" in text or ">" in text:
        return False
    return text.count("&") == len(_ENTITY.findall(text))


def safe_cut(text: str, limit: int) -> int:
    """The largest cut position <= ``limit`` that does not split an entity such as ``&amp;``."""
    if limit >= len(text):
        return len(text)
    amp = text.rfind("&", max(0, limit - 4), limit)
    entity = _ENTITY.match(text, amp) if amp != -1 else None
    return amp if entity and entity.end() > limit else limit
