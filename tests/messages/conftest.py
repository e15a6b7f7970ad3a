"""Golden files for message tests: ``SCRUTINY_REGEN_GOLDEN=1 pytest tests/messages`` rewrites them.

A golden file holds the Block Kit JSON, the fallback text, the chart's metadata (not its
bytes: those are checked in test_chart.py) and the plain-text rendering, so a reviewer reads
the diff of a wording change as text.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from messages.model import SlackMessage
from messages.plain_text import to_plain_text

GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("SCRUTINY_REGEN_GOLDEN") == "1"


def as_json(message: SlackMessage) -> dict[str, Any]:
    chart = message.chart
    return {
        "text": message.text,
        "blocks": message.blocks,
        "chart": None
        if chart is None
        else {"filename": chart.filename, "title": chart.title, "alt_text": chart.alt_text},
        "plain_text": to_plain_text(message).splitlines(),
    }


@pytest.fixture
def golden():
    """``golden(name, message_or_messages)`` compares with golden/<name>.json."""

    def check(name: str, messages: SlackMessage | list[SlackMessage]) -> None:
        data = [as_json(m) for m in messages] if isinstance(messages, list) else as_json(messages)
        path = GOLDEN / f"{name}.json"
        if REGENERATE:
            path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        if not path.exists():
            pytest.fail(
                f"no golden file {path.name}: run with SCRUTINY_REGEN_GOLDEN=1 to create it"
            )
        assert data == json.loads(path.read_text(encoding="utf-8")), (
            f"{path.name} differs; if the change is intended, SCRUTINY_REGEN_GOLDEN=1 rewrites it"
        )

    return check
