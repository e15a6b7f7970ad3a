"""Block Kit limits (DESIGN.md section 6) and the cuts that keep a message inside them.

Lengths are measured on the escaped text, which is what Slack counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, TypeVar

from messages.escaping import Mrkdwn, safe_cut
from messages.model import SlackMessage

MAX_BLOCKS = 50
SECTION_TEXT = 3000
TEXT_OBJECT = 3000  # any text object, e.g. a context element
HEADER_TEXT = 150
MAX_FIELDS = 10
FIELD_TEXT = 2000
CONTEXT_ELEMENTS = 10
ACTIONS_ELEMENTS = 25
BUTTON_TEXT = 75
BUTTON_VALUE = 2000
ACTION_ID = 255
ALT_TEXT = 2000
# Slack accepts 40,000 characters of fallback text, but notifications show a line or two:
# keep it a summary.
FALLBACK_TEXT = 3000

ELLIPSIS = "…"
T = TypeVar("T", bound=str)


class LimitError(ValueError):
    """A message would break a Block Kit limit: a bug in a renderer, caught before Slack is."""


def truncate(text: T, limit: int) -> T:
    """``text`` cut to ``limit`` characters with an ellipsis, never inside an entity."""
    if len(text) <= limit:
        return text
    cut = text[: safe_cut(text, limit - len(ELLIPSIS))].rstrip() + ELLIPSIS
    return type(text)(cut) if isinstance(text, Mrkdwn) else cut  # type: ignore[return-value]


def split_lines(text: Mrkdwn, limit: int = SECTION_TEXT) -> list[Mrkdwn]:
    """Pack whole lines into chunks of at most ``limit``; a single overlong line is truncated."""
    chunks: list[str] = []
    for whole_line in text.split("\n"):
        line = truncate(whole_line, limit)
        if chunks and len(chunks[-1]) + 1 + len(line) <= limit:
            chunks[-1] += "\n" + line
        else:
            chunks.append(line)
    return [Mrkdwn(chunk) for chunk in chunks if chunk.strip()]


def _texts(block: dict[str, Any]) -> Iterator[tuple[str, str, int]]:
    """(where, text, limit) for every text object in a block."""
    kind = block["type"]
    if kind == "header":
        yield "header", block["text"]["text"], HEADER_TEXT
    elif kind == "section":
        if "text" in block:
            yield "section", block["text"]["text"], SECTION_TEXT
        for item in block.get("fields", []):
            yield "field", item["text"], FIELD_TEXT
    elif kind == "context":
        for item in block["elements"]:
            if item["type"] in ("mrkdwn", "plain_text"):
                yield "context element", item["text"], TEXT_OBJECT
            else:
                yield "context image alt_text", item["alt_text"], ALT_TEXT
    elif kind == "actions":
        for item in block["elements"]:
            yield "button text", item["text"]["text"], BUTTON_TEXT
            yield "button value", item.get("value", "x"), BUTTON_VALUE
            yield "action_id", item["action_id"], ACTION_ID
    elif kind == "image":
        yield "image alt_text", block["alt_text"], ALT_TEXT


def violations(message: SlackMessage) -> list[str]:
    """Every Block Kit limit ``message`` breaks; empty when Slack will accept it."""
    found = []
    if not message.text.strip():
        found.append("fallback text is empty")
    if len(message.text) > FALLBACK_TEXT:
        found.append(f"fallback text has {len(message.text)} characters > {FALLBACK_TEXT}")
    if len(message.blocks) > MAX_BLOCKS:
        found.append(f"{len(message.blocks)} blocks > {MAX_BLOCKS}")
    for i, block in enumerate(message.blocks):
        count = {
            "section": len(block.get("fields", [])),
            "context": len(block.get("elements", [])),
            "actions": len(block.get("elements", [])),
        }.get(block["type"], 0)
        most = {"section": MAX_FIELDS, "context": CONTEXT_ELEMENTS, "actions": ACTIONS_ELEMENTS}
        if count > most.get(block["type"], count):
            found.append(
                f"block {i} ({block['type']}) has {count} elements > {most[block['type']]}"
            )
        if block["type"] == "context" and not count:
            found.append(f"block {i} (context) has no elements")
        for where, text, limit in _texts(block):
            if not text.strip():
                found.append(f"block {i}: {where} is empty")
            elif len(text) > limit:
                found.append(f"block {i}: {where} has {len(text)} characters > {limit}")
    if message.chart is not None and not 0 < len(message.chart.alt_text) <= ALT_TEXT:
        found.append(f"chart alt text has {len(message.chart.alt_text)} characters")
    return found


def checked(message: SlackMessage) -> SlackMessage:
    """``message`` unchanged, or LimitError naming every limit it breaks."""
    problems = violations(message)
    if problems:
        raise LimitError("; ".join(problems))
    return message
