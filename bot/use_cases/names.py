"""Forgiving matching of what people type against indicator, area and theme names.

``robbery south`` must find Robbery in South Division, ``asb`` anti-social behaviour and
``burgalry`` burglary. A phrase is compared with every name of every choice: exact beats a
prefix, a prefix beats a close spelling (difflib's ratio).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

EXACT = 1.0
PREFIX = 0.9
WORD_PREFIXES = 0.85  # every word typed starts a word of the name, in order ("viol sex")
GOOD_ENOUGH = 0.75  # below this a phrase matches nothing


def normalise(text: str) -> str:
    text = text.lower().replace("&", " and ")
    return " ".join(re.findall(r"[a-z0-9]+", text))


def score(phrase: str, name: str) -> float:
    """How well a normalised phrase matches a normalised name, 0 to 1."""
    if not phrase or not name:
        return 0.0
    if phrase == name:
        return EXACT
    if len(phrase) >= 3 and name.startswith(phrase):
        return PREFIX
    if _word_prefixes(phrase.split(), name.split()):
        return WORD_PREFIXES
    return difflib.SequenceMatcher(None, phrase, name, autojunk=False).ratio()


def _word_prefixes(typed: list[str], words: list[str]) -> bool:
    position = 0
    for word in typed:
        while position < len(words) and not words[position].startswith(word):
            position += 1
        if position == len(words):
            return False
        position += 1
    return len(typed) > 1


@dataclass(frozen=True)
class Match:
    key: str  # the choice's key (a slug)
    score: float


Choices = Mapping[str, Sequence[str]]  # key -> its names (display name, slug, aliases)


def prepare(choices: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """Normalise every name once; the parser matches against the result many times."""
    return {
        key: tuple(dict.fromkeys(n for n in map(normalise, names) if n))
        for key, names in choices.items()
    }


def ranked(phrase: str, choices: Choices) -> list[Match]:
    """Every choice with its best score for ``phrase``, best first."""
    wanted = normalise(phrase)
    matches = [
        Match(key, max((score(wanted, name) for name in names), default=0.0))
        for key, names in choices.items()
    ]
    return sorted(matches, key=lambda m: -m.score)


def best(phrase: str, choices: Choices) -> Match | None:
    """The best choice if it is good enough and not tied with another; else None."""
    found = ranked(phrase, choices)
    if not found or found[0].score < GOOD_ENOUGH:
        return None
    if len(found) > 1 and found[1].score == found[0].score and found[0].score < EXACT:
        return None  # "theft" is as much "other theft" as "bicycle theft": ask, don't guess
    return found[0]


@dataclass(frozen=True)
class Split:
    first: Match
    second: Match | None  # None: the words after the first name were empty


def split(words: Sequence[str], first: Choices, second: Choices) -> Split | None:
    """Read ``words`` as a name from ``first`` followed by an optional name from ``second``.

    Every way of cutting the words is tried; the cut whose weaker half matches best wins, so
    ``robbery south ribble`` is Robbery in South Ribble, not Robbery in South plus "ribble".
    """
    found: list[tuple[float, Split]] = []
    for cut in range(1, len(words) + 1):
        head = best(" ".join(words[:cut]), first)
        if head is None:
            continue
        if cut == len(words):
            found.append((head.score, Split(head, None)))
            continue
        tail = best(" ".join(words[cut:]), second)
        if tail is not None:
            found.append((min(head.score, tail.score), Split(head, tail)))
    if not found:
        return None
    return max(found, key=lambda item: item[0])[1]
