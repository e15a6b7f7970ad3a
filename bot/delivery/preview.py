"""What a run would post, rendered but not sent: for dry runs, the demo, and any run while
Slack is not configured."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from bot.delivery.plan import render_alert, render_digest, render_follow_up
from detectors.episodes import episode_start
from detectors.finding import Finding
from messages.model import SlackMessage
from storage.areas import area_names, list_areas
from storage.catalogue import indicators


@dataclass(frozen=True)
class Preview:
    kind: str  # "alert", "follow-up" (in the alert's thread) or "digest"
    message: SlackMessage
    about: str = ""  # "Robbery, South Division": what a follow-up's thread is about

    def title(self) -> str:
        return f"{self.kind}: {self.about}" if self.about else self.kind


def preview_run(
    db: Database,
    month: str,
    findings: Sequence[Finding],
    *,
    digest: bool = True,
    allow_sensitive: bool = False,
) -> list[Preview]:
    """Alerts for new findings, follow-ups for later months of episodes, then the digest."""
    areas = list_areas(db)
    names = area_names(db)
    previews = [
        Preview("alert", render_alert(db, f, areas))
        if f.status == "new"
        else Preview(
            "follow-up",
            render_follow_up(db, f, areas, episode_start(f.episode)),
            about=f"{indicators(db)[f.indicator].name}, {names.get(f.area, f.area)}",
        )
        for f in findings
    ]
    if digest:
        previews += [
            Preview("digest", page)
            for page in render_digest(db, month, allow_sensitive=allow_sensitive)
        ]
    return previews
