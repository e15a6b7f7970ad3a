"""The one resolver of what people type: indicators, areas, themes and verbs, in Slack and the CLI.

A phrase is tried in tiers, and the first tier that names exactly one thing wins:

1. exact: an indicator's slug, name or noun; an area's slug or name (``robbery``, ``robberies``,
   ``South Division``); a force's Home Office or data.police.uk spelling;
2. aliases: the catalogue's ``aliases`` column, the analyst's indicators file's among them
   (``asb``, ``da``, ``mispers``);
3. forgiving, word by word: the name's start (``shop``), its words cut short or left out
   (``viol sex``), a close spelling (``robery``), never a word the name does not have; good
   enough only from ``GOOD_ENOUGH``.

A tie at the winning tier is refused, not guessed ("burg" starts both Burglary and Burglary
(residential)); what is refused gets the closest names as a "did you mean" (``suggest``).
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from storage.areas import Area, list_areas
from storage.catalogue import THEMES, Indicator, indicators
from storage.force_areas import force_areas, force_name, spellings

# Tiers, strongest first: a weaker tier is tried only when no stronger one names anything.
EXACT = 3
ALIAS = 2
FORGIVING = 1

PREFIX = 0.9
WORD_PREFIXES = 0.85  # words of the name left out ("viol sex")
GOOD_ENOUGH = 0.75  # a forgiving match below this names nothing
SUGGEST_FROM = 0.6  # closest names offered as "did you mean" (difflib's default cutoff)
SUGGESTIONS = 3


def normalise(text: str) -> str:
    text = text.lower().replace("&", " and ")
    return " ".join(re.findall(r"[a-z0-9]+", text))


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def _word(typed: str, word: str) -> float:
    """One typed word against one word of a name: the same, cut short (three letters or
    more), or a close spelling."""
    if typed == word:
        return 1.0
    if len(typed) >= 3 and word.startswith(typed):
        return PREFIX
    return _ratio(typed, word)


def score(phrase: str, name: str) -> float:
    """How well a normalised phrase matches a normalised name, 0 to 1 (the forgiving tier).

    The start of the name (``shop``, ``violence and sexual``) is worth PREFIX, whatever follows
    it: ``burg`` is as much Burglary as Burglary (residential). Otherwise word by word, in
    order: each typed word must be a word of the name, cut short or closely spelt, and the
    phrase is as good as its weakest word, less for a name it leaves words of (by PREFIX for
    the name's first words; by WORD_PREFIXES for words skipped, ``viol sex``), so ``burgalry``
    is Burglary before Burglary (residential). Letters are forgiven, never words: ``othe pres``
    is not
    Other crimes, and ``violence and sexual offences qq`` is not Violence and sexual offences
    (in Slack the ``qq`` is then an area, and unknown, as the CLI would say)."""
    if not phrase or not name:
        return 0.0
    if phrase == name:
        return 1.0
    typed, words = phrase.split(), name.split()
    if len(typed) > len(words):
        return 0.0
    last = typed[-1]
    if name.startswith(phrase) and (len(last) >= 3 or last == words[len(typed) - 1]):
        return PREFIX  # the name as far as it was typed: "burg" is Burglary and Burglary (...)
    best = 0.0
    for chosen in itertools.combinations(range(len(words)), len(typed)):
        weakest = min(_word(t, words[i]) for t, i in zip(typed, chosen, strict=True))
        if chosen[-1] != len(typed) - 1:
            weakest *= WORD_PREFIXES  # words of the name skipped
        elif len(typed) < len(words):
            weakest *= PREFIX  # the name's first words
        best = max(best, weakest)
    return best


def likeness(phrase: str, name: str) -> float:
    """How close a phrase is to a name for a "did you mean": the forgiving score where it is
    good enough (the names of a tie), else the spelling of the whole (a suggestion is offered,
    never taken)."""
    forgiving = score(phrase, name)
    return forgiving if forgiving >= GOOD_ENOUGH else _ratio(phrase, name)


@dataclass(frozen=True)
class Choice:
    """The names one thing answers to, normalised: exact names first, then aliases."""

    names: tuple[str, ...]
    aliases: tuple[str, ...] = ()


Choices = Mapping[str, Choice]  # key (a slug) -> its names


def choice(names: Iterable[str], aliases: Iterable[str] = ()) -> Choice:
    exact = tuple(dict.fromkeys(n for n in map(normalise, names) if n))
    other = tuple(dict.fromkeys(a for a in map(normalise, aliases) if a and a not in exact))
    return Choice(exact, other)


@dataclass(frozen=True)
class Match:
    key: str
    tier: int
    score: float  # 1 for exact and alias; the forgiving score otherwise

    @property
    def strength(self) -> tuple[int, float]:
        return (self.tier, self.score)


def _match(wanted: str, key: str, named: Choice) -> Match:
    if wanted in named.names:
        return Match(key, EXACT, 1.0)
    if wanted in named.aliases:
        return Match(key, ALIAS, 1.0)
    forgiving = max((score(wanted, n) for n in (*named.names, *named.aliases)), default=0.0)
    return Match(key, FORGIVING, forgiving)


def ranked(phrase: str, choices: Choices) -> list[Match]:
    """Every choice with its match for ``phrase``, strongest first."""
    wanted = normalise(phrase)
    matches = [_match(wanted, key, named) for key, named in choices.items()]
    return sorted(matches, key=lambda m: m.strength, reverse=True)


def best(phrase: str, choices: Choices) -> Match | None:
    """The one choice ``phrase`` names; None when it names none, or two equally."""
    found = ranked(phrase, choices)
    if not found or (found[0].tier == FORGIVING and found[0].score < GOOD_ENOUGH):
        return None
    if len(found) > 1 and found[1].strength == found[0].strength:
        return None  # "burg" is as much Burglary as Burglary (residential): ask, don't guess
    return found[0]


def suggest(phrase: str, choices: Choices, n: int = SUGGESTIONS) -> list[str]:
    """The keys closest to ``phrase``, best first: the one "did you mean" of every reply."""
    wanted = normalise(phrase)
    close = [
        (max((likeness(wanted, name) for name in (*named.names, *named.aliases)), default=0), key)
        for key, named in choices.items()
    ]
    ordered = sorted((c for c in close if c[0] >= SUGGEST_FROM), key=lambda c: -c[0])
    return [key for _, key in ordered][:n]


@dataclass(frozen=True)
class Split:
    first: Match
    second: Match | None  # None: the words after the first name were empty


def split(words: Sequence[str], first: Choices, second: Choices) -> Split | None:
    """Read ``words`` as a name from ``first`` followed by an optional name from ``second``.

    Every way of cutting the words is tried; the cut whose weaker half matches best wins, so
    ``robbery south ribble`` is Robbery in South Ribble, not Robbery in South plus "ribble".
    All the words are read as the first name alone only if they name it exactly (or by an
    alias), or if no words at their end name a ``second``: ``cri bur`` is not High impact
    acquisitive crime (burglary and robbery) by its words' starts when ``bur`` names Burnley,
    it is an unknown indicator in Burnley, as the CLI given ``cri bur`` would read it.
    """
    tails = {cut: best(" ".join(words[cut:]), second) for cut in range(1, len(words))}
    found: list[tuple[tuple[int, float], Split]] = []
    for cut in range(1, len(words) + 1):
        head = best(" ".join(words[:cut]), first)
        if head is None:
            continue
        if cut == len(words):
            if head.tier > FORGIVING or not any(tails.values()):
                found.append((head.strength, Split(head, None)))
            continue
        tail = tails[cut]
        if tail is not None:
            found.append((min(head.strength, tail.strength), Split(head, tail)))
    if not found:
        return None
    return max(found, key=lambda item: item[0])[1]


class UnknownName(LookupError):
    """What a person typed names nothing (or two things alike); carries the closest names."""

    def __init__(self, what: str, given: str, suggestions: Sequence[str]):
        self.what = what
        self.given = given
        self.suggestions = list(suggestions)
        hint = f" Did you mean {', '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(f"Unknown {what} {given!r}.{hint}")


def resolve(phrase: str, choices: Choices, what: str) -> str:
    """The key ``phrase`` names; raises UnknownName with suggestions."""
    found = best(phrase, choices)
    if found is None:
        raise UnknownName(what, phrase, suggest(phrase, choices))
    return found.key


# What there is to name ---------------------------------------------------------------------


def indicator_choices(catalogue: Iterable[Indicator]) -> dict[str, Choice]:
    return {i.slug: choice((i.slug, i.name, i.noun), i.aliases) for i in catalogue}


def area_choices(areas: Iterable[Area]) -> dict[str, Choice]:
    return {a.slug: choice((a.slug, a.name)) for a in areas}


def compared_choices(areas: Iterable[Area]) -> dict[str, Choice]:
    """The stored areas and every territorial force, loaded or not, by any of its spellings:
    ``compare`` sets a force beside its region and country from national figures alone."""
    out = dict(area_choices(areas))
    for force in force_areas().values():
        known = out.get(force.slug, Choice(()))
        out[force.slug] = choice((*known.names, *spellings(force)))
    return out


def _theme_words(theme: str) -> tuple[str, ...]:
    # "Supporting Vulnerable People & Victims" is also "vulnerable people & victims".
    first, _, rest = theme.partition(" ")
    verbs = ("protecting", "tackling", "supporting", "developing")
    return (rest,) if first.lower() in verbs else ()


ALL = "all"


@dataclass(frozen=True)
class Vocabulary:
    """Everything a person may name, prepared once a query."""

    indicators: Choices
    areas: Choices
    compared: Choices  # areas for compare: the stored ones and every territorial force
    themes: Choices

    @classmethod
    def of(cls, catalogue: Iterable[Indicator], areas: Iterable[Area]) -> Vocabulary:
        stored = list(areas)
        return cls(
            indicators=indicator_choices(catalogue),
            areas=area_choices(stored),
            compared=compared_choices(stored),
            themes={theme: choice((theme, *_theme_words(theme))) for theme in THEMES},
        )

    def targets(self) -> Choices:
        """What one can subscribe to: an indicator, a theme or everything."""
        return {
            **{f"indicator:{k}": v for k, v in self.indicators.items()},
            **{f"theme:{k}": v for k, v in self.themes.items()},
            "all:": choice((ALL, "everything")),
        }


def vocabulary(db: Database) -> Vocabulary:
    return Vocabulary.of(indicators(db).values(), list_areas(db))


def resolve_indicator(db: Database, text: str) -> Indicator:
    catalogue = indicators(db)
    return catalogue[resolve(text, indicator_choices(catalogue.values()), "indicator")]


def resolve_area(db: Database, text: str) -> Area:
    """A stored area (the force, a division, a district, a region or group)."""
    areas = list_areas(db)
    slug = resolve(text, area_choices(areas), "area")
    return next(a for a in areas if a.slug == slug)


def resolve_compared_area(db: Database, text: str) -> Area:
    """A stored area, or any territorial force (a force with national figures only has no
    stored area of its own)."""
    return compared_area(db, resolve(text, compared_choices(list_areas(db)), "area"))


def compared_area(db: Database, slug: str) -> Area:
    """The area of a key of ``compared_choices``: stored, or a territorial force."""
    stored = next((a for a in list_areas(db) if a.slug == slug), None)
    return stored or Area(slug, force_name(db, slug), "force", None)
