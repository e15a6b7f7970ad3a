"""Requests as Slack sends them: form-encoded slash commands and actions, signed with v0 HMAC."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode


def signature(secret: str, timestamp: str, body: bytes) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def slash_body(
    text: str,
    *,
    response_url: str,
    user_id: str = "U123",
    channel_id: str = "CALERTS",
    command: str = "/scrutiny",
) -> bytes:
    return urlencode(
        {
            "token": "legacy",
            "team_id": "T1",
            "team_domain": "fake",
            "channel_id": channel_id,
            "channel_name": "alerts",
            "user_id": user_id,
            "user_name": "someone",
            "command": command,
            "text": text,
            "api_app_id": "A1",
            "response_url": response_url,
            "trigger_id": "1.2.3",
        }
    ).encode()


def action_body(
    action_id: str,
    value: str,
    *,
    response_url: str,
    message: dict[str, Any],
    user_id: str = "U123",
    channel_id: str = "CALERTS",
) -> bytes:
    payload = {
        "type": "block_actions",
        "team": {"id": "T1", "domain": "fake"},
        "user": {"id": user_id, "username": "someone", "team_id": "T1"},
        "api_app_id": "A1",
        "token": "legacy",
        "trigger_id": "1.2.3",
        "container": {
            "type": "message",
            "message_ts": message["ts"],
            "channel_id": channel_id,
            "is_ephemeral": False,
        },
        "channel": {"id": channel_id, "name": "alerts"},
        "message": message,
        "response_url": response_url,
        "actions": [
            {
                "type": "button",
                "action_id": action_id,
                "block_id": "b1",
                "value": value,
                "text": {"type": "plain_text", "text": "x"},
                "action_ts": str(time.time()),
            }
        ],
    }
    return urlencode({"payload": json.dumps(payload)}).encode()


@dataclass(frozen=True)
class Answer:
    status: int
    body: str
    seconds: float


def post(
    url: str,
    body: bytes,
    *,
    secret: str | None,
    timestamp: float | None = None,
    forged: bool = False,
    timeout: float = 10.0,
) -> Answer:
    """POST ``body`` as Slack would; ``secret=None`` sends no signature at all."""
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if secret is not None:
        ts = str(int(timestamp if timestamp is not None else time.time()))
        headers["X-Slack-Request-Timestamp"] = ts
        headers["X-Slack-Signature"] = signature("not-" + secret if forged else secret, ts, body)
    return _send(urllib.request.Request(url, data=body, headers=headers, method="POST"), timeout)


def get(url: str, timeout: float = 10.0) -> Answer:
    return _send(urllib.request.Request(url), timeout)


def _send(request: urllib.request.Request, timeout: float) -> Answer:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Answer(response.status, response.read().decode(), time.monotonic() - started)
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read().decode(), time.monotonic() - started)
