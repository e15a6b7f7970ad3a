"""What a run would post, rendered but not sent: for dry runs, the demo, and any run while
Slack is not configured."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlite_utils import Database

from bot.delivery.plan import (
    Told,
    as_event,
    render_digest,
    render_event_alert,
    render_event_follow_up,
    render_notice,
)
from detectors.episodes import episode_start
from messages.model import SlackMessage
from storage.areas import list_areas
from storage.catalogue import indicators


@dataclass(frozen=True)
class Preview:
    kind: str  # "alert", "follow-up" (in the alert's thread), "data notice" or "digest"
    message: SlackMessage
    about: str = ""  # "Robbery, South Division": what a follow-up's thread is about

    def title(self) -> str:
        return f"{self.kind}: {self.about}" if self.about else self.kind


def preview_run(
    db: Database,
    month: str,
    told: Iterable[Told],
    *,
    digest: bool = True,
    allow_sensitive: bool = False,
) -> list[Preview]:
    """One message per event told (``RunResult.alerts`` and ``follow_ups``): data notices for
    analysts, alerts for new events, follow-ups for later months; then the digest."""
    areas = list_areas(db)
    names = {a.slug: a.name for a in areas}
    previews = []
    for event in map(as_event, told):
        lead = event.lead
        about = f"{indicators(db)[lead.indicator].name}, {names.get(lead.area, lead.area)}"
        if lead.kind == "data-quality":
            previews.append(Preview("data notice", render_notice(db, event, areas), "analysts"))
        elif event.status == "new":
            where = "" if event.top_level else f"only for channels subscribed to {about}"
            previews.append(Preview("alert", render_event_alert(db, event, areas), where))
        else:
            first = None if event.id != lead.id else episode_start(lead.episode)
            message = render_event_follow_up(db, event, areas, first)
            previews.append(Preview("follow-up", message, about=about))
    if digest:
        previews += [
            Preview("digest", page)
            for page in render_digest(db, month, allow_sensitive=allow_sensitive)
        ]
    return previews
