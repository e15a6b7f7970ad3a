"""Block Kit builders. Text arrives as ``Mrkdwn`` (escaped) and leaves within the limits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from messages.escaping import Mrkdwn, escape_mrkdwn
from messages.limits import (
    BUTTON_TEXT,
    CONTEXT_ELEMENTS,
    FALLBACK_TEXT,
    HEADER_TEXT,
    MAX_BLOCKS,
    SECTION_TEXT,
    TEXT_OBJECT,
    checked,
    split_lines,
    truncate,
)
from messages.model import Chart, SlackMessage

Block = dict[str, Any]


def _require_mrkdwn(text: str) -> Mrkdwn:
    # A plain str here means a value skipped escaping: fail in tests, not in a channel.
    if not isinstance(text, Mrkdwn):
        raise TypeError(f"expected escaped Mrkdwn text, got a plain str: {text[:60]!r}")
    return text


def header(text: str) -> Block:
    """A header block; plain_text, but still escaped because Slack parses ``&``, ``<``, ``>``."""
    return {
        "type": "header",
        "text": {
            "type": "plain_text",
            "text": truncate(escape_mrkdwn(text), HEADER_TEXT),
            "emoji": True,
        },
    }


def section(text: Mrkdwn, *, expand: bool = False) -> Block:
    """A section; ``expand``: Slack shows it whole, never folded behind "See more"."""
    block: Block = {
        "type": "section",
        "text": {"type": "mrkdwn", "text": truncate(_require_mrkdwn(text), SECTION_TEXT)},
    }
    if expand:
        block["expand"] = True
    return block


def sections(text: Mrkdwn) -> list[Block]:
    """One section per 3,000 characters, split between lines."""
    return [section(chunk) for chunk in split_lines(_require_mrkdwn(text), SECTION_TEXT)]


def context(items: Sequence[Mrkdwn]) -> Block:
    """A context block; items beyond the tenth are joined into the tenth. No items, no block
    (an empty dict, which ``message`` drops: Slack rejects a context without elements)."""
    items = [_require_mrkdwn(item) for item in items if item.strip()]
    if not items:
        return {}
    if len(items) > CONTEXT_ELEMENTS:
        items = [*items[: CONTEXT_ELEMENTS - 1], Mrkdwn(" · ".join(items[CONTEXT_ELEMENTS - 1 :]))]
    return {
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": truncate(item, TEXT_OBJECT)} for item in items],
    }


def button(text: str, action_id: str, value: str, *, style: str | None = None) -> Block:
    element: Block = {
        "type": "button",
        "action_id": action_id,
        "value": value,
        "text": {
            "type": "plain_text",
            "text": truncate(escape_mrkdwn(text), BUTTON_TEXT),
            "emoji": True,
        },
    }
    if style:
        element["style"] = style
    return element


def actions(buttons: Sequence[Block]) -> Block:
    return {"type": "actions", "elements": list(buttons)}


def divider() -> Block:
    return {"type": "divider"}


def message(text: Mrkdwn, blocks: Sequence[Block], chart: Chart | None = None) -> SlackMessage:
    """The finished message, checked against every limit (LimitError on a renderer bug)."""
    fallback = truncate(_require_mrkdwn(text), FALLBACK_TEXT)
    return checked(SlackMessage(text=fallback, blocks=[b for b in blocks if b], chart=chart))


def paginate(title: str, body: Sequence[Block]) -> list[list[Block]]:
    """Split a long body over as many messages as needed, each under a header of its own:
    ``title`` on the first, ``title (continued, 2 of 3)`` on the next ones."""
    per_message = MAX_BLOCKS - 1
    pages = [list(body[i : i + per_message]) for i in range(0, len(body), per_message)] or [[]]
    return [
        [header(title if n == 1 else f"{title} (continued, {n} of {len(pages)})"), *page]
        for n, page in enumerate(pages, start=1)
    ]
