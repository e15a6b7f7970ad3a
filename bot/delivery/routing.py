"""Which channels get an alert: the default channel, subscriptions, and the sensitive rule.

Pure: subscriptions, areas and settings come in as values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from storage.areas import Area
from storage.catalogue import Indicator
from storage.subscriptions import Subscription


def lineage(area: str, areas: Iterable[Area]) -> list[str]:
    """The area and everything above it: ``preston`` -> ``preston, south, lancashire``."""
    parents = {a.slug: a.parent for a in areas}
    chain: list[str] = []
    current: str | None = area
    while current is not None and current not in chain:
        chain.append(current)
        current = parents.get(current)
    return chain


def wants(subscription: Subscription, indicator: Indicator, area_lineage: Sequence[str]) -> bool:
    """A subscription to an area covers the areas inside it."""
    if subscription.area and subscription.area not in area_lineage:
        return False
    return (
        subscription.target_kind == "all"
        or (subscription.target_kind == "indicator" and subscription.target == indicator.slug)
        or (subscription.target_kind == "theme" and subscription.target == indicator.theme)
    )


def channels_for(
    indicator: Indicator,
    area_lineage: Sequence[str],
    subscriptions: Iterable[Subscription],
    *,
    default_channel: str | None,
    sensitive_channels: frozenset[str],
) -> list[str]:
    """The channels, in a stable order, that get an alert on ``indicator`` in the area.

    A sensitive indicator goes only to cleared channels. If neither the default channel nor a
    subscription is cleared, it goes to every cleared channel rather than to none.
    """
    chosen = [default_channel] if default_channel else []
    chosen += [s.channel for s in subscriptions if wants(s, indicator, area_lineage)]
    if indicator.sensitive:
        chosen = [c for c in chosen if c in sensitive_channels] or sorted(sensitive_channels)
    return list(dict.fromkeys(chosen))


def district_channels(
    indicator: Indicator,
    district: str,
    subscriptions: Iterable[Subscription],
    *,
    sensitive_channels: frozenset[str],
) -> list[str]:
    """The channels that get a district's own event: only those subscribed to that district
    (a district is a breakdown for everyone else), and for a sensitive indicator only the
    cleared ones among them."""
    chosen = [
        s.channel for s in subscriptions if s.area == district and wants(s, indicator, [district])
    ]
    if indicator.sensitive:
        chosen = [c for c in chosen if c in sensitive_channels]
    return list(dict.fromkeys(chosen))
