"""A local imitation of the Slack Web API, for the real slack-sdk and bolt to talk to.

It keeps channels with their messages and threads, answers the methods the bot uses, and can
be told to fail: ``fail("chat.postMessage", status=429, retry_after=1)``, ``status=500``,
``post_anyway=True`` (the message is stored but the caller sees the error, as when Slack posts
and the answer is lost), or ``delay`` seconds before answering.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

TOKEN = "xoxb-test-token"
BOT_USER = "UBOT"


@dataclass
class Fault:
    status: int = 500
    retry_after: float | None = None
    post_anyway: bool = False  # do the work, then answer with the error
    delay: float = 0.0
    body: str | None = None  # raw body instead of a JSON error


@dataclass
class Message:
    channel: str
    ts: str
    text: str
    blocks: list[dict[str, Any]]
    thread_ts: str | None = None
    metadata: dict[str, Any] | None = None
    files: list[dict[str, Any]] = field(default_factory=list)
    edits: int = 0


class FakeSlack:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages: list[Message] = []
        self.ephemeral: list[dict[str, Any]] = []
        self.responses: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.responded_at: dict[str, float] = {}  # time.monotonic() of each first response
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.usergroups: dict[str, list[str]] = {}
        self.uploads: dict[str, dict[str, Any]] = {}
        self._faults: dict[str, deque[Fault]] = defaultdict(deque)
        self._delays: dict[str, float] = {}
        self._held: Callable[[str, dict[str, Any]], bool] | None = None
        self._released = threading.Event()
        self._last_ts = 0.0
        self._files = itertools.count(1)
        self._responded = threading.Condition(self.lock)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    # -- life ----------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    @property
    def api_url(self) -> str:
        return self.url + "/api/"

    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # -- test controls --------------------------------------------------------------------------

    def fail(self, method: str, *, times: int = 1, **fault: Any) -> None:
        with self.lock:
            self._faults[method].extend(Fault(**fault) for _ in range(times))

    def slow(self, method: str, seconds: float) -> None:
        with self.lock:
            self._delays[method] = seconds

    def hold_responses(self, held: Callable[[str, dict[str, Any]], bool]) -> None:
        """Keep posts to a response URL for which ``held(name, body)`` waiting, unanswered, until
        ``release_responses``: the work that sends them cannot finish (a burst kept in)."""
        with self.lock:
            self._held, self._released = held, threading.Event()

    def release_responses(self) -> None:
        with self.lock:
            self._held = None
            self._released.set()

    def response_url(self, name: str) -> str:
        return f"{self.url}/response/{name}"

    def wait_for_response(
        self, name: str, *, count: int = 1, timeout: float = 10.0
    ) -> list[dict[str, Any]]:
        """The bodies posted to a response URL, once ``count`` have arrived."""
        with self._responded:
            self._responded.wait_for(lambda: len(self.responses[name]) >= count, timeout)
            return list(self.responses[name])

    def channel_messages(self, channel: str) -> list[Message]:
        with self.lock:
            return [m for m in self.messages if m.channel == channel]

    def top_level(self, channel: str) -> list[Message]:
        return [m for m in self.channel_messages(channel) if m.thread_ts in (None, m.ts)]

    def replies(self, channel: str, thread_ts: str) -> list[Message]:
        return [
            m
            for m in self.channel_messages(channel)
            if m.thread_ts == thread_ts and m.ts != thread_ts
        ]

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        with self.lock:
            return [params for name, params in self.calls if name == method]

    # -- the API --------------------------------------------------------------------------------

    def handle(
        self, method: str, params: dict[str, Any], token: str | None
    ) -> tuple[int, dict[str, str], Any]:
        with self.lock:
            self.calls.append((method, params))
            fault = self._faults[method].popleft() if self._faults[method] else None
            delay = self._delays.get(method, 0.0) + (fault.delay if fault else 0.0)
        if delay:
            time.sleep(delay)
        if token != TOKEN:
            return 200, {}, {"ok": False, "error": "invalid_auth"}
        if fault is not None and not fault.post_anyway:
            return _fault_answer(fault)
        answer = getattr(self, "api_" + method.replace(".", "_"))(params)
        if fault is not None:
            return _fault_answer(fault)
        return 200, {}, answer

    def _next_ts(self) -> str:
        """Now, as Slack's ts are, and strictly increasing."""
        self._last_ts = max(time.time(), self._last_ts + 0.000001)
        return f"{self._last_ts:.6f}"

    def api_auth_test(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "ok": True,
            "url": "https://fake.slack.com/",
            "team": "Fake",
            "user": "scrutiny",
            "team_id": "T1",
            "user_id": BOT_USER,
            "bot_id": "B1",
        }

    def api_chat_postMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = params.get("channel")
        if not channel or channel.startswith("CMISSING"):
            return {"ok": False, "error": "channel_not_found"}
        with self.lock:
            message = Message(
                channel=channel,
                ts=self._next_ts(),
                text=params.get("text", ""),
                blocks=params.get("blocks") or [],
                thread_ts=params.get("thread_ts"),
                metadata=params.get("metadata"),
            )
            self.messages.append(message)
        return {
            "ok": True,
            "channel": channel,
            "ts": message.ts,
            "message": {"text": message.text, "ts": message.ts},
        }

    def api_chat_update(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            for message in self.messages:
                if message.channel == params.get("channel") and message.ts == params.get("ts"):
                    message.text = params.get("text", message.text)
                    message.blocks = params.get("blocks") or message.blocks
                    message.edits += 1
                    return {"ok": True, "channel": message.channel, "ts": message.ts}
        return {"ok": False, "error": "message_not_found"}

    def api_chat_postEphemeral(self, params: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            self.ephemeral.append(params)
            return {"ok": True, "message_ts": self._next_ts()}

    def api_conversations_history(self, params: dict[str, Any]) -> dict[str, Any]:
        oldest = float(params.get("oldest") or 0)
        found = [m for m in self.top_level(params["channel"]) if float(m.ts) > oldest]
        return self._page(list(reversed(found)), params)  # newest first, as Slack does

    def api_conversations_replies(self, params: dict[str, Any]) -> dict[str, Any]:
        parent = [m for m in self.channel_messages(params["channel"]) if m.ts == params["ts"]]
        return self._page(parent + self.replies(params["channel"], params["ts"]), params)

    def _page(self, messages: list[Message], params: dict[str, Any]) -> dict[str, Any]:
        start = int(params.get("cursor") or 0)
        limit = int(params.get("limit") or 100)
        page = messages[start : start + limit]
        more = start + limit < len(messages)
        with_metadata = str(params.get("include_all_metadata")) in ("1", "true", "True")
        return {
            "ok": True,
            "has_more": more,
            "messages": [_public(m, with_metadata) for m in page],
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }

    def api_usergroups_users_list(self, params: dict[str, Any]) -> dict[str, Any]:
        users = self.usergroups.get(params.get("usergroup", ""))
        if users is None:
            return {"ok": False, "error": "no_such_subteam"}
        return {"ok": True, "users": users}

    def api_files_getUploadURLExternal(self, params: dict[str, Any]) -> dict[str, Any]:
        file_id = f"F{next(self._files):06d}"
        with self.lock:
            self.uploads[file_id] = {
                "filename": params.get("filename"),
                "length": int(params.get("length", 0)),
                "data": None,
            }
        return {"ok": True, "file_id": file_id, "upload_url": f"{self.url}/upload/{file_id}"}

    def api_files_completeUploadExternal(self, params: dict[str, Any]) -> dict[str, Any]:
        files = params["files"]
        files = files if isinstance(files, list) else json.loads(files)
        shared = []
        with self.lock:
            for item in files:
                upload = self.uploads.get(item["id"])
                if upload is None or upload["data"] is None:
                    return {"ok": False, "error": "file_not_found"}
                shared.append(
                    {
                        "id": item["id"],
                        "name": upload["filename"],
                        "title": item.get("title"),
                        "size": len(upload["data"]),
                    }
                )
            if params.get("channel_id"):
                self.messages.append(
                    Message(
                        channel=params["channel_id"],
                        ts=self._next_ts(),
                        text=params.get("initial_comment") or "",
                        blocks=[],
                        thread_ts=params.get("thread_ts"),
                        files=shared,
                    )
                )
        return {"ok": True, "files": shared}

    def upload(self, file_id: str, data: bytes) -> int:
        with self.lock:
            if file_id not in self.uploads:
                return 404
            self.uploads[file_id]["data"] = data
        return 200

    def respond(self, name: str, body: dict[str, Any]) -> None:
        with self.lock:
            held, released = self._held, self._released
        if held is not None and held(name, body):
            released.wait(timeout=60)
        with self._responded:
            self.responded_at.setdefault(name, time.monotonic())
            self.responses[name].append(body)
            self._responded.notify_all()


def _public(message: Message, with_metadata: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "message",
        "ts": message.ts,
        "text": message.text,
        "blocks": message.blocks,
        "user": BOT_USER,
    }
    if message.thread_ts:
        out["thread_ts"] = message.thread_ts
    if message.files:
        out["files"] = message.files
    if with_metadata and message.metadata:
        out["metadata"] = message.metadata
    return out


def _fault_answer(fault: Fault) -> tuple[int, dict[str, str], Any]:
    headers = {}
    if fault.retry_after is not None:
        headers["Retry-After"] = str(fault.retry_after)
    if fault.body is not None:
        return fault.status, headers, fault.body
    error = "ratelimited" if fault.status == 429 else "internal_error"
    return fault.status, headers, {"ok": False, "error": error}


def _params(handler: BaseHTTPRequestHandler, body: bytes) -> dict[str, Any]:
    params: dict[str, Any] = dict(parse_qsl(urlsplit(handler.path).query))
    kind = handler.headers.get("Content-Type", "")
    if kind.startswith("application/json"):
        params.update(json.loads(body or b"{}"))
    elif kind.startswith("application/x-www-form-urlencoded"):
        params.update(parse_qsl(body.decode("utf-8")))
    for name in ("blocks", "metadata"):
        if isinstance(params.get(name), str):
            params[name] = json.loads(params[name])
    return params


def _handler(slack: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
            pass

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            path = urlsplit(self.path).path
            if path.startswith("/api/"):
                auth = self.headers.get("Authorization", "")
                token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else None
                status, headers, answer = slack.handle(
                    path[len("/api/") :], _params(self, body), token
                )
                self._send(status, headers, answer)
            elif path.startswith("/upload/"):
                self._send(slack.upload(path[len("/upload/") :], body), {}, "OK")
            elif path.startswith("/response/"):
                slack.respond(path[len("/response/") :], json.loads(body))
                self._send(200, {}, "ok")
            else:
                self._send(404, {}, "not found")

        def _send(self, status: int, headers: dict[str, str], answer: Any) -> None:
            is_text = isinstance(answer, str)
            data = answer.encode() if is_text else json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain" if is_text else "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler
