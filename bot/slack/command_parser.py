"""``/scrutiny`` text -> a request value. Pure: no Slack, no database, no clock.

The parser knows the names it may match (a ``Vocabulary``) and nothing else; what it cannot
read it answers with a ``NotUnderstood`` that says what it expected.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Literal

from bot.use_cases import names
from bot.use_cases.names import Choices, Vocabulary

MAX_TEXT = 300  # longer text is not a query; refuse it before matching does quadratic work


@dataclass(frozen=True)
class Help:
    pass


@dataclass(frozen=True)
class Show:
    indicator: str  # slug
    area: str | None  # slug; None = the force
    month: str | None  # YYYY-MM; None = the latest


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
    alert: str  # a finding id, "episode:YYYY-MM"


@dataclass(frozen=True)
class NotUnderstood:
    """What could not be read: a ``command``, ``indicator``, ``area`` or ``month`` as typed, or
    a ``usage`` problem described in a sentence."""

    kind: Literal["command", "indicator", "area", "month", "usage"]
    given: str


Request = Help | Show | Alerts | Digest | Indicators | Areas | Subscribe | Explain | NotUnderstood

VERBS = {
    "help": "help",
    "?": "help",
    "show": "show",
    "alerts": "alerts",
    "alert": "alerts",
    "digest": "digest",
    "indicators": "indicators",
    "areas": "areas",
    "subscribe": "subscribe",
    "sub": "subscribe",
    "unsubscribe": "unsubscribe",
    "unsub": "unsubscribe",
    "explain": "explain",
    "why": "explain",
}


def parse(text: str, vocabulary: Vocabulary) -> Request:
    if len(text) > MAX_TEXT:
        return NotUnderstood(
            "usage",
            f"That is {len(text):,} characters; a query is a few "
            "words, such as `show robbery south`.",
        )
    words = _words(text)
    if not words:
        return Help()
    verb = _verb(words[0])
    rest = words[1:]
    if verb is None:
        return NotUnderstood("command", words[0])
    if verb == "help":
        return Help()
    if verb == "indicators":
        return Indicators()
    if verb == "areas":
        return Areas()
    if verb == "explain":
        return _explain(rest)
    rest, month = _take_month(rest)
    if isinstance(month, NotUnderstood):
        return month
    if verb == "digest":
        return (
            Digest(month)
            if not rest
            else NotUnderstood("usage", "`digest` takes only a month, such as `digest 2022-10`.")
        )
    if verb == "alerts":
        return _alerts(rest, vocabulary, month)
    if verb == "show":
        return _show(rest, vocabulary, month)
    return _subscribe(rest, vocabulary, remove=verb == "unsubscribe", month=month)


def _words(text: str) -> list[str]:
    # Slack sends "&amp;", "&lt;", "&gt;" for what people typed as "&", "<", ">".
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    return text.split()


def _verb(word: str) -> str | None:
    word = word.lower()
    if word in VERBS:
        return VERBS[word]
    close = names.best(word, {v: names.choice((v,)) for v in set(VERBS.values())})
    return close.key if close else None


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


def _show(words: list[str], vocabulary: Vocabulary, month: str | None) -> Request:
    if not words:
        return NotUnderstood("usage", "`show` needs an indicator, e.g. `show robbery south`.")
    found = names.split(words, vocabulary.indicators, vocabulary.areas)
    if found is None:
        return _unknown(words, vocabulary.indicators)
    return Show(found.first.key, found.second.key if found.second else None, month)


def _alerts(words: list[str], vocabulary: Vocabulary, month: str | None) -> Request:
    if month is not None:
        return NotUnderstood(
            "usage", "`alerts` lists the open alerts; for a month's figures use `digest`."
        )
    if not words:
        return Alerts(None)
    area = names.best(" ".join(words), vocabulary.areas)
    return Alerts(area.key) if area else NotUnderstood("area", " ".join(words))


def _subscribe(
    words: list[str], vocabulary: Vocabulary, *, remove: bool, month: str | None
) -> Request:
    verb = "unsubscribe" if remove else "subscribe"
    if month is not None or not words:
        return NotUnderstood(
            "usage",
            f"`{verb}` takes an indicator, a theme or `all`, and an "
            f"area: e.g. `{verb} burglary south` or `{verb} all`.",
        )
    found = names.split(words, vocabulary.targets(), vocabulary.areas)
    if found is None:
        return _unknown(words, vocabulary.targets())
    kind, _, target = found.first.key.partition(":")
    area = found.second.key if found.second else None
    return Subscribe(kind, target, area, remove=remove)  # type: ignore[arg-type]


_FINDING_ID = re.compile(r"[A-Za-z0-9_.:\-]{1,200}:\d{4}-\d{2}")


def _explain(words: list[str]) -> Request:
    if len(words) == 1 and _FINDING_ID.fullmatch(words[0]):
        return Explain(words[0])
    return NotUnderstood("usage", "`explain` takes one alert id, as listed by `alerts`.")


def _unknown(words: list[str], first: Choices) -> NotUnderstood:
    """Which name was not found: the area, if some leading words name an indicator; else the
    indicator."""
    for cut in range(len(words) - 1, 0, -1):
        if names.best(" ".join(words[:cut]), first) is not None:
            return NotUnderstood("area", " ".join(words[cut:]))
    return NotUnderstood("indicator", " ".join(words))
