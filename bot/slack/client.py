"""Web API clients pointed at ``settings.api_url`` (Slack, or the tests' imitation of it)."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.settings import Settings


def interactive_client(settings: Settings) -> WebClient:
    """For answers to people: a 429 is retried after its Retry-After (nothing was posted)."""
    return WebClient(
        token=settings.bot_token,
        base_url=settings.api_url,
        timeout=int(settings.http_timeout),
        retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)],
    )


def delivery_client(settings: Settings) -> WebClient:
    """For the outbox: no automatic retries at all.

    A 5xx or a broken connection may hide a message Slack did post, so the outbox, not the
    client, decides what to retry, after looking for the message first.
    """
    return WebClient(
        token=settings.bot_token,
        base_url=settings.api_url,
        timeout=int(settings.http_timeout),
        retry_handlers=[],
    )
