"""Any SlackMessage as readable text, for ``scrutiny run --dry-run`` and logs."""

from __future__ import annotations

import re

from messages.escaping import unescape_mrkdwn
from messages.model import SlackMessage

_EMOJI = {
    ":red_circle:": "🔴",
    ":large_green_circle:": "🟢",
    ":repeat:": "🔁",
    ":white_check_mark:": "✅",
    ":lock:": "🔒",
    ":warning:": "⚠️",
    ":mag:": "🔍",
}
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=\S)([^*_\n]+?)(?<=\S)\1(?![\w*])")
_RULE_WIDTH = 72


def readable(mrkdwn: str) -> str:
    """mrkdwn without its markup: emphasis dropped, emoji drawn, entities decoded."""
    text = _EMPHASIS.sub(r"\2", mrkdwn)
    for code, symbol in _EMOJI.items():
        text = text.replace(code, symbol)
    return unescape_mrkdwn(text)


def to_plain_text(message: SlackMessage) -> str:
    lines: list[str] = []
    for block in message.blocks:
        kind = block["type"]
        if kind == "header":
            title = readable(block["text"]["text"])
            lines += [title, "=" * min(len(title), _RULE_WIDTH)]
        elif kind == "section":
            lines += [readable(block["text"]["text"])] if "text" in block else []
            lines += [readable(item["text"]) for item in block.get("fields", [])]
        elif kind == "context":
            lines.append(
                " · ".join(
                    readable(item.get("text", item.get("alt_text", "")))
                    for item in block["elements"]
                )
            )
        elif kind == "actions":
            lines.append(
                "  ".join(f"[{readable(item['text']['text'])}]" for item in block["elements"])
            )
        elif kind == "divider":
            lines.append("-" * _RULE_WIDTH)
        elif kind == "image":
            lines.append(f"[image: {block['alt_text']}]")
    if not message.blocks:
        lines.append(readable(message.text))
    if message.chart is not None:
        lines.append(f"[chart {message.chart.filename}: {message.chart.alt_text}]")
    return "\n".join(lines)
