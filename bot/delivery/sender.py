"""Sending the outbox to Slack: each delivery exactly once, whatever fails on the way.

The order for one delivery is: claim it (stored as ``in_doubt``), send, record the ts. A crash
or an unclear failure (5xx, broken connection, timeout) leaves it ``in_doubt``; the next attempt
first looks for it in Slack (the message metadata carries the delivery key, a chart its file
name) and only sends when it is not there. A 429 means Slack refused the call, so the delivery
goes back to ``pending`` and waits for Retry-After; so does the rest of the pass.

Only one process may deliver at a time (the worker lease), so two senders never race for a row.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.client import HTTPException
from typing import Any
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackRequestError
from sqlite_utils import Database

from bot import faults
from bot.settings import Settings
from storage import outbox
from storage.outbox import Delivery

log = logging.getLogger(__name__)

METADATA_EVENT = "scrutiny_delivery"
# Slack "ok": false errors worth another try; every other error is final.
TRANSIENT_ERRORS = frozenset(
    {
        "internal_error",
        "fatal_error",
        "service_unavailable",
        "request_timeout",
        "ratelimited",
    }
)
# Exceptions after which the call may or may not have reached Slack.
UNCLEAR_FAILURES = (URLError, TimeoutError, ConnectionError, HTTPException, SlackRequestError)
# How far before a delivery was queued to look for it in the channel's history (clock skew).
HISTORY_MARGIN = 600.0


@dataclass(frozen=True)
class Posted:
    ts: str | None
    file_id: str | None = None


@dataclass(frozen=True)
class PassResult:
    sent: int = 0
    recovered: int = 0  # found already posted after a crash or an unclear failure
    retrying: int = 0
    failed: int = 0
    paused_until: float | None = None  # a 429 asked every call to wait until then


class DeliveryFault(Exception):
    """A delivery raised something that is not an answer from Slack; it was put back to be
    tried again after its backoff, in doubt."""

    def __init__(self, key: str, error: str):
        super().__init__(f"delivery {key}: {error}")
        self.key = key


class RateLimited(Exception):
    def __init__(self, retry_after: float):
        self.retry_after = retry_after


def metadata(delivery: Delivery) -> dict[str, Any]:
    payload = {"delivery_key": delivery.key, "finding_id": delivery.finding_id or ""}
    return {"event_type": METADATA_EVENT, "event_payload": payload}


class Deliverer:
    def __init__(
        self,
        db: Database,
        client: WebClient,
        settings: Settings,
        *,
        clock: Callable[[], float] = time.time,
        may_deliver: Callable[[], bool] = lambda: True,
        faults_hook: faults.FaultHook | None = None,
    ):
        self.db = db
        self.client = client
        self.settings = settings
        self.clock = clock
        self.may_deliver = may_deliver  # False once this process has lost the worker lease
        self.faults = faults_hook or faults.FaultHook(settings.fault_point)

    # -- passes -------------------------------------------------------------------------------

    def deliver_due(self) -> PassResult:
        """Try every delivery that is due now, once; stop early on a 429."""
        totals = {"sent": 0, "recovered": 0, "retrying": 0, "failed": 0}
        for delivery in outbox.due(self.db, now=self.clock()):
            if not self.may_deliver():
                break
            try:
                totals[self._deliver(delivery)] += 1
            except RateLimited as limited:
                totals["retrying"] += 1
                return PassResult(**totals, paused_until=self.clock() + limited.retry_after)
            except Exception as error:
                # Not Slack's answer but a fault of ours: put the delivery back after its
                # backoff (in doubt: the call may have gone out), so that the next pass goes on
                # with the ones behind it, and let the worker's supervisor log and report it.
                described = f"{type(error).__name__}: {error}"
                self._retry(delivery, in_doubt=True, at=self._backoff(delivery), error=described)
                raise DeliveryFault(delivery.key, described) from error
        return PassResult(**totals)

    def drain(self, *, deadline: float | None = None, stop: threading.Event | None = None) -> bool:
        """Deliver until nothing is waiting (True) or ``deadline``/``stop`` comes first (False)."""
        stop = stop or threading.Event()
        while not stop.is_set() and self.may_deliver():
            next_at = self.next_pass_at(self.deliver_due())
            if next_at is None:
                return True
            if deadline is not None and next_at > deadline:
                return False
            stop.wait(max(0.0, next_at - self.clock()))
        return False

    def next_pass_at(self, result: PassResult) -> float | None:
        """When the next pass has something to do (None: nothing is waiting)."""
        next_at = outbox.next_attempt_at(self.db)
        if next_at is not None and result.paused_until is not None:
            next_at = max(next_at, result.paused_until)
        return next_at

    # -- one delivery -------------------------------------------------------------------------

    def _deliver(self, delivery: Delivery) -> str:
        try:
            if delivery.state == "in_doubt":
                found = self._find_posted(delivery)
                if found is not None:
                    outbox.mark_sent(
                        self.db, delivery.id, ts=found.ts, file_id=found.file_id, now=self.clock()
                    )
                    log.info("delivery %s was already in Slack (ts %s)", delivery.key, found.ts)
                    return "recovered"
            if not outbox.claim(self.db, delivery, now=self.clock()):
                return "retrying"  # changed under us; the next pass sees its new state
            self.faults.reached(faults.CLAIMED)
            posted = self._send(delivery)
        except RateLimited as limited:
            # Slack refused the call: it cannot have been posted, so no look-up next time.
            self._retry(
                delivery,
                in_doubt=delivery.state == "in_doubt",
                at=self.clock() + limited.retry_after,
                error="rate limited",
            )
            raise
        except SlackApiError as error:
            code = str(error.response.get("error", "")) if error.response is not None else ""
            status = error.response.status_code if error.response is not None else 0
            if status >= 500 or code in TRANSIENT_ERRORS:
                self._retry(
                    delivery,
                    in_doubt=True,
                    at=self._backoff(delivery),
                    error=f"HTTP {status} {code}".strip(),
                )
                return "retrying"
            outbox.mark_failed(self.db, delivery.id, error=code or f"HTTP {status}")
            log.error("delivery %s refused by Slack: %s", delivery.key, code or status)
            return "failed"
        except UNCLEAR_FAILURES as error:
            # After a timeout Slack may still be working on the call: look for its result only
            # once it would have landed.
            at = max(
                self._backoff(delivery),
                self.clock() + self.settings.http_timeout if _is_timeout(error) else 0.0,
            )
            self._retry(delivery, in_doubt=True, at=at, error=f"{type(error).__name__}: {error}")
            return "retrying"
        self.faults.reached(faults.SENT)
        outbox.mark_sent(
            self.db, delivery.id, ts=posted.ts, file_id=posted.file_id, now=self.clock()
        )
        self.faults.reached(faults.RECORDED)
        return "sent"

    def _retry(self, delivery: Delivery, *, in_doubt: bool, at: float, error: str) -> None:
        outbox.mark_retry(self.db, delivery.id, in_doubt=in_doubt, at=at, error=error)
        log.warning("delivery %s will be retried at %.0f: %s", delivery.key, at, error)

    def _backoff(self, delivery: Delivery) -> float:
        """Exponential backoff with jitter. ``delivery`` is the row as read before this attempt
        claimed it, so the first retry waits about ``retry_base``."""
        step = min(
            self.settings.retry_cap, self.settings.retry_base * 2 ** max(0, delivery.attempts)
        )
        return self.clock() + step * random.uniform(0.5, 1.0)

    def _call(self, method: Callable[..., Any], **kwargs: Any) -> Any:
        """One Web API call; a 429 becomes RateLimited with its Retry-After."""
        try:
            return method(**kwargs)
        except SlackApiError as error:
            if error.response is not None and (
                error.response.status_code == 429 or error.response.get("error") == "ratelimited"
            ):
                raise RateLimited(_retry_after(error.response.headers)) from None
            raise

    def _send(self, delivery: Delivery) -> Posted:
        if delivery.kind == "chart":
            response = self._call(
                self.client.files_upload_v2,
                channel=delivery.channel,
                thread_ts=delivery.parent_ts,
                file=delivery.file,
                filename=delivery.filename,
                title=delivery.title,
                alt_txt=delivery.alt_text,
            )
            return Posted(ts=None, file_id=response["file"]["id"])
        response = self._call(
            self.client.chat_postMessage,
            channel=delivery.channel,
            text=delivery.text,
            blocks=delivery.blocks or None,
            thread_ts=delivery.parent_ts,
            metadata=metadata(delivery),
            unfurl_links=False,
            unfurl_media=False,
        )
        return Posted(ts=response["ts"])

    # -- recovery -----------------------------------------------------------------------------

    def _find_posted(self, delivery: Delivery) -> Posted | None:
        """The delivery's message (or file) if an earlier attempt did reach Slack."""
        for message in self._messages_around(delivery):
            if delivery.kind == "chart":
                for file in message.get("files", []):
                    if file.get("name") == delivery.filename:
                        return Posted(ts=message.get("ts"), file_id=file.get("id"))
            elif (
                message.get("metadata", {}).get("event_type") == METADATA_EVENT
                and message["metadata"].get("event_payload", {}).get("delivery_key") == delivery.key
            ):
                return Posted(ts=message["ts"])
        return None

    def _messages_around(self, delivery: Delivery) -> Iterator[dict[str, Any]]:
        """The thread the delivery went to, or the channel's history since it was queued."""
        if delivery.parent_ts is not None:
            method = self.client.conversations_replies
            args: dict[str, Any] = {"channel": delivery.channel, "ts": delivery.parent_ts}
        else:
            method = self.client.conversations_history
            args = {
                "channel": delivery.channel,
                "oldest": f"{delivery.created_at - HISTORY_MARGIN:.6f}",
            }
        cursor = None
        while True:
            page = self._call(method, include_all_metadata=True, limit=200, cursor=cursor, **args)
            yield from page.get("messages", [])
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return


def _retry_after(headers: dict[str, Any]) -> float:
    for name, value in headers.items():
        if name.lower() == "retry-after":
            first = value[0] if isinstance(value, list) else value
            try:
                return max(0.0, float(first))
            except ValueError:
                break
    return 1.0


def _is_timeout(error: BaseException) -> bool:
    return isinstance(error, TimeoutError) or (
        isinstance(error, URLError) and isinstance(error.reason, TimeoutError)
    )
