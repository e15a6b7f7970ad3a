"""One ``/scrutiny`` query: who asked, where, and what they typed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

DIRECT_MESSAGE = "D"  # channel ids of direct messages start with D


@dataclass(frozen=True)
class Query:
    """The parts of a slash command payload the bot uses."""

    user_id: str
    channel_id: str
    text: str
    user_name: str = ""
    team_id: str = ""

    @classmethod
    def from_payload(cls, command: dict[str, Any]) -> Query:
        return cls(
            user_id=command.get("user_id", ""),
            channel_id=command.get("channel_id", ""),
            text=command.get("text", "") or "",
            user_name=command.get("user_name", ""),
            team_id=command.get("team_id", ""),
        )

    @property
    def uploads_charts(self) -> bool:
        """Whether a reply's chart is sent: a response_url cannot carry a file, so charts are
        uploaded only in a direct message, where the file stays as private as the reply."""
        return self.channel_id.startswith(DIRECT_MESSAGE)
