"""``/scrutiny`` words -> a request value, one reader a verb. Pure: no Slack, no database, no
clock.

Each reader takes the words after the verb and the names there are to match (a
``Vocabulary``); what it cannot read it answers with a ``NotUnderstood`` that says what it
expected. Which reader a verb has is declared in bot/slack/registry.py.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Literal

from bot.use_cases import Choices, Vocabulary, is_finding_id, names


@dataclass(frozen=True)
class Help:
    pass


@dataclass(frozen=True)
class Show:
    indicator: str  # slug
    area: str | None  # slug; None = the force
    month: str | None  # YYYY-MM; None = the latest


@dataclass(frozen=True)
class Compare:
    indicator: str  # slug
    area: str | None  # slug of a stored area or of any territorial force; None = the force
    month: str | None  # YYYY-MM, the last of the 12; None = the latest the figures allow


@dataclass(frozen=True)
class Alerts:
    area: str | None


@dataclass(frozen=True)
class Digest:
    month: str | None


@dataclass(frozen=True)
class Indicators:
    pass


@dataclass(frozen=True)
class Areas:
    pass


@dataclass(frozen=True)
class Subscribe:
    target_kind: Literal["indicator", "theme", "all"]
    target: str  # indicator slug, theme name, "" for all
    area: str | None
    remove: bool = False  # unsubscribe


@dataclass(frozen=True)
class Explain:
    """``explain ALERT``: a stored finding by its id (``alert``); ``explain INDICATOR [AREA]``:
    the latest finding for that indicator and area (None: the force)."""

    alert: str | None = None
    indicator: str | None = None
    area: str | None = None


@dataclass(frozen=True)
class NotUnderstood:
    """What could not be read: a ``command``, ``indicator``, ``area`` or ``month`` as typed, or
    a ``usage`` problem described in a sentence; ``suggestions``: the commands or areas closest
    to an unknown one (indicators' depend on the channel: a sensitive one is suggested only
    where it may be shown)."""

    kind: Literal["command", "indicator", "area", "month", "usage"]
    given: str
    suggestions: tuple[str, ...] = ()


Request = (
    Help
    | Show
    | Compare
    | Alerts
    | Digest
    | Indicators
    | Areas
    | Subscribe
    | Explain
    | NotUnderstood
)


def words_of(text: str) -> list[str]:
    # Slack sends "&amp;", "&lt;", "&gt;" for what people typed as "&", "<", ">".
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    return text.split()


_MONTH_NAMES = (
    {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
    | {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
    | {"sept": 9}
)


def _take_month(words: list[str]) -> tuple[list[str], str | NotUnderstood | None]:
    """The words without the month, and the month (``2022-10``, ``2022/10``, ``Oct 2022``)."""
    for i, word in enumerate(words):
        found = re.fullmatch(r"(\d{4})[-/](\d{1,2})", word) or re.fullmatch(
            r"(\d{1,2})[-/](\d{4})", word
        )
        if found:
            year, month = sorted(found.groups(), key=len, reverse=True)
            return words[:i] + words[i + 1 :], _month(int(year), int(month), word)
        if (
            word.lower() in _MONTH_NAMES
            and i + 1 < len(words)
            and re.fullmatch(r"\d{4}", words[i + 1])
        ):
            return (
                words[:i] + words[i + 2 :],
                _month(int(words[i + 1]), _MONTH_NAMES[word.lower()], word),
            )
        if word.lower() in ("latest", "last"):
            return words[:i] + words[i + 1 :], None
    return words, None


def _month(year: int, month: int, typed: str) -> str | NotUnderstood:
    if not 1 <= month <= 12 or not 1990 <= year <= 2100:
        return NotUnderstood("month", typed)
    return f"{year:04d}-{month:02d}"


# One reader a verb -----------------------------------------------------------------------------


def read_nothing(request: Help | Indicators | Areas):
    """A verb that takes no words (any after it are ignored)."""

    def read(words: list[str], vocabulary: Vocabulary) -> Request:
        return request

    return read


def read_digest(words: list[str], vocabulary: Vocabulary) -> Request:
    rest, month = _take_month(words)
    if isinstance(month, NotUnderstood):
        return month
    if rest:
        return NotUnderstood("usage", "`digest` takes only a month, such as `digest 2022-10`.")
    return Digest(month)


def read_show(words: list[str], vocabulary: Vocabulary) -> Request:
    read = _indicator_area_month(
        words, vocabulary, vocabulary.areas, "`show` needs an indicator, e.g. `show robbery south`."
    )
    return read if isinstance(read, NotUnderstood) else Show(*read)


def read_compare(words: list[str], vocabulary: Vocabulary) -> Request:
    read = _indicator_area_month(
        words,
        vocabulary,
        vocabulary.compared,
        "`compare` needs an indicator, e.g. `compare burglary` or `compare robbery south`.",
    )
    return read if isinstance(read, NotUnderstood) else Compare(*read)


def _indicator_area_month(
    words: list[str], vocabulary: Vocabulary, areas: Choices, usage: str
) -> tuple[str, str | None, str | None] | NotUnderstood:
    """An indicator, then perhaps an area (of ``areas``), and perhaps a month anywhere."""
    rest, month = _take_month(words)
    if isinstance(month, NotUnderstood):
        return month
    if not rest:
        return NotUnderstood("usage", usage)
    found = names.split(rest, vocabulary.indicators, areas)
    if found is None:
        return _unknown(rest, vocabulary.indicators, areas)
    return found.first.key, found.second.key if found.second else None, month


def read_alerts(words: list[str], vocabulary: Vocabulary) -> Request:
    rest, month = _take_month(words)
    if isinstance(month, NotUnderstood):
        return month
    if month is not None:
        return NotUnderstood(
            "usage", "`alerts` lists the open alerts; for a month's figures use `digest`."
        )
    if not rest:
        return Alerts(None)
    area = names.best(" ".join(rest), vocabulary.areas)
    return Alerts(area.key) if area else _unknown_area(" ".join(rest), vocabulary.areas)


def read_subscribe(words: list[str], vocabulary: Vocabulary) -> Request:
    return _subscription(words, vocabulary, remove=False)


def read_unsubscribe(words: list[str], vocabulary: Vocabulary) -> Request:
    return _subscription(words, vocabulary, remove=True)


def _subscription(words: list[str], vocabulary: Vocabulary, *, remove: bool) -> Request:
    verb = "unsubscribe" if remove else "subscribe"
    rest, month = _take_month(words)
    if isinstance(month, NotUnderstood):
        return month
    if month is not None or not rest:
        return NotUnderstood(
            "usage",
            f"`{verb}` takes an indicator, a theme or `all`, and an "
            f"area: e.g. `{verb} burglary south` or `{verb} all`.",
        )
    found = names.split(rest, vocabulary.targets(), vocabulary.areas)
    if found is None:
        return _unknown(rest, vocabulary.targets(), vocabulary.areas)
    kind, _, target = found.first.key.partition(":")
    area = found.second.key if found.second else None
    return Subscribe(kind, target, area, remove=remove)  # type: ignore[arg-type]


def read_explain(words: list[str], vocabulary: Vocabulary) -> Request:
    if len(words) == 1 and is_finding_id(words[0]):
        return Explain(alert=words[0])
    found = names.split(words, vocabulary.indicators, vocabulary.areas) if words else None
    if found is None:
        if not words or any(is_finding_id(word) for word in words):
            return NotUnderstood(
                "usage",
                "`explain` takes an alert id, as listed by `alerts`, or an indicator and an "
                "area, e.g. `explain robbery west`.",
            )
        return _unknown(words, vocabulary.indicators, vocabulary.areas)
    return Explain(indicator=found.first.key, area=found.second.key if found.second else None)


def _unknown(words: list[str], first: Choices, areas: Choices) -> NotUnderstood:
    """Which name was not found: the area (with the closest areas), if some leading words name
    an indicator; else the indicator (whose suggestions depend on the channel)."""
    for cut in range(len(words) - 1, 0, -1):
        if names.best(" ".join(words[:cut]), first) is not None:
            return _unknown_area(" ".join(words[cut:]), areas)
    return NotUnderstood("indicator", " ".join(words))


def _unknown_area(given: str, areas: Choices) -> NotUnderstood:
    return NotUnderstood("area", given, tuple(names.suggest(given, areas)))
