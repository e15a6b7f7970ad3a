"""The platform-free message model that messages/ hands to the bot."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol


class IndicatorInfo(Protocol):
    """What messages need to know of an indicator (storage.catalogue.Indicator satisfies it)."""

    # Read-only members, so that frozen dataclasses satisfy the protocol.
    @property
    def slug(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def noun(self) -> str: ...
    @property
    def theme(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def bad_direction(self) -> str: ...
    @property
    def sensitive(self) -> bool: ...


@dataclass(frozen=True)
class Chart:
    """A PNG chart to upload beside a message."""

    png: bytes
    filename: str
    title: str
    alt_text: str  # states the finding, for screen readers and Slack's image alt text


@dataclass(frozen=True)
class SlackMessage:
    """One Slack message: Block Kit blocks, the plain-text fallback, an optional chart.

    ``text`` is always set: Slack shows it in notifications and where blocks cannot render.
    """

    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    chart: Chart | None = None
