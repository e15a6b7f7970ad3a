"""Delivery: who gets what (routing, the delivery plan, rendered once into the outbox),
what a run would post (preview), and sending the outbox to Slack exactly once."""

from typing import TYPE_CHECKING

from bot.lazy import lazy_exports

if TYPE_CHECKING:
    from bot.delivery.plan import (
        Told,
        plan_alerts,
        plan_digest,
        render_alert,
        render_digest,
        render_follow_up,
    )
    from bot.delivery.preview import Preview, preview_run
    from bot.delivery.routing import channels_for, lineage
    from bot.delivery.sender import METADATA_EVENT, Deliverer, DeliveryFault

EXPORTS = {
    "Deliverer": "sender",
    "DeliveryFault": "sender",
    "METADATA_EVENT": "sender",
    "channels_for": "routing",
    "lineage": "routing",
    "preview_run": "preview",
    "Preview": "preview",
    "plan_alerts": "plan",
    "plan_digest": "plan",
    "render_alert": "plan",
    "render_digest": "plan",
    "render_follow_up": "plan",
    "Told": "plan",
}
__all__ = [
    "METADATA_EVENT",
    "Deliverer",
    "DeliveryFault",
    "Preview",
    "Told",
    "channels_for",
    "lineage",
    "plan_alerts",
    "plan_digest",
    "preview_run",
    "render_alert",
    "render_digest",
    "render_follow_up",
]
__getattr__, __dir__ = lazy_exports(__name__, EXPORTS)
