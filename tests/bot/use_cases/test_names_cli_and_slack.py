"""The CLI and Slack read a person's words alike: whatever is typed for an indicator and an area
(names, slugs, nouns, built-in and analyst's aliases, forces' spellings, misspelt, cut short, or
nonsense), ``scrutiny series|explain|compare INDICATOR AREA`` and ``/scrutiny
show|explain|compare INDICATOR AREA`` resolve it to the same indicator and area, or both refuse
it."""

from __future__ import annotations

import contextlib
import re

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bot.slack import command_parser as cmd
from bot.slack.registry import parse
from bot.use_cases import names
from bot.use_cases.names import (
    UnknownName,
    resolve_area,
    resolve_compared_area,
    resolve_indicator,
    vocabulary,
)
from storage.areas import list_areas
from storage.catalogue import indicators
from storage.db import open_db
from storage.force_areas import force_areas, spellings
from storage.indicator_file import read_indicator_file
from storage.ingest import ingest, list_inputs
from tests.ingest_time import NOW
from tests.storage.street_files import street_row, write_street_file

LANCASHIRE_AREAS = (
    "local_authority,division\nBlackburn with Darwen,East\nBurnley,East\nPendle,East\n"
    "Ribble Valley,East\nPreston,South\nChorley,South\nSouth Ribble,South\n"
    "West Lancashire,South\nBlackpool,West\nFylde,West\nWyre,West\nLancaster,West\n"
)
ANALYSTS_INDICATORS = (
    "slug,name,noun,theme,unit,bad_direction,sensitive,measure,components,aliases\n"
    "missing-persons,Missing persons,missing person reports,"
    "Supporting Vulnerable People & Victims,count,up,false,,,missing people; mispers\n"
    "satisfaction-violent-crime,User satisfaction (violent crime),satisfied victims,"
    "Developing Confident Communities,proportion,down,false,,,svc; violence satisfaction\n"
    "robbery,Robbery (all),robberies,Tackling Crime & Re-offending,count,up,false,,,robs\n"
)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    """The built-in catalogue with an analyst's file (new indicators, an override, aliases),
    and Lancashire's force, divisions and districts."""
    folder = tmp_path_factory.mktemp("names")
    districts = [line.split(",")[0] for line in LANCASHIRE_AREAS.splitlines()[1:]]
    rows = [street_row("2020-01", "Robbery", f"{d} 001A") for d in districts]
    write_street_file(folder, "2020-01", rows)
    (folder / "areas.csv").write_text(LANCASHIRE_AREAS)
    database = open_db(folder / "names.db")
    found = read_indicator_file(ANALYSTS_INDICATORS.encode(), "ind.csv")
    ingest(database, list_inputs([folder]), now=NOW, indicator_file=found)
    yield database
    database.close()


# What the CLI reads (the functions its commands call) and what Slack reads ------------------


def cli(db, indicator: str, area: str, *, compared: bool = False) -> tuple[str, str] | None:
    try:
        found = resolve_indicator(db, indicator).slug
        place = (resolve_compared_area if compared else resolve_area)(db, area).slug
    except UnknownName:
        return None
    return found, place


def slack(db, verb: str, indicator: str, area: str) -> tuple[str, str | None] | None:
    request = parse(f"{verb} {indicator} {area}", vocabulary(db))
    if isinstance(request, cmd.NotUnderstood):
        return None
    assert isinstance(request, cmd.Show | cmd.Explain | cmd.Compare), request
    assert request.indicator is not None
    return request.indicator, request.area


# What people type --------------------------------------------------------------------------


def _typed(spellings_of: list[str]) -> st.SearchStrategy[str]:
    """A name as a person might type it: as it is, in other case, with hyphens for spaces,
    cut short (to three letters or more, as the resolver's prefixes), or with a letter
    dropped, doubled, swapped or wrong."""
    name = st.sampled_from(spellings_of)
    forms = ["same", "case", "hyphens", "prefix", "drop", "double", "swap", "wrong"]

    @st.composite
    def mutated(draw) -> str:
        text = draw(name)
        how = draw(st.sampled_from(forms))
        if how == "case":
            return text.upper() if draw(st.booleans()) else text.title()
        if how == "hyphens":
            return text.replace(" ", "-")
        if how == "prefix":
            return text[: draw(st.integers(min(3, len(text)), len(text)))]
        i = draw(st.integers(0, max(0, len(text) - 1)))
        if how == "drop":
            return text[:i] + text[i + 1 :]
        if how == "double":
            return text[: i + 1] + text[i:]
        if how == "swap" and i + 1 < len(text):
            return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        if how == "wrong":
            return text[:i] + draw(st.sampled_from("aeiorstnx")) + text[i + 1 :]
        return text

    return mutated()


NONSENSE = st.text(alphabet="abcdefghijklmnopqrstuvwxyz -", min_size=1, max_size=20)


def _words_only(text: str) -> bool:
    """Text Slack would not read as something else: a month, or "latest"."""
    words = text.split()
    return bool(words) and not any(
        re.search(r"\d", w) or w.lower() in ("last", "latest") for w in words
    )


def indicator_texts(db) -> st.SearchStrategy[str]:
    catalogue = indicators(db).values()
    spelt = [t for i in catalogue for t in (i.slug, i.name, i.noun, *i.aliases)]
    return st.one_of(_typed(spelt), NONSENSE)


def area_texts(db, *, compared: bool = False) -> st.SearchStrategy[str]:
    typed = [t for a in list_areas(db) for t in (a.slug, a.name)]
    if compared:
        typed += [s for f in force_areas().values() for s in spellings(f)]
    return _typed(typed)


PROPERTY = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@PROPERTY
@given(data=st.data())
def test_show_and_series_resolve_alike(db, data):
    indicator, area = data.draw(indicator_texts(db)), data.draw(area_texts(db))
    assume(_words_only(indicator) and _words_only(area))
    assert slack(db, "show", indicator, area) == cli(db, indicator, area)


@PROPERTY
@given(data=st.data())
def test_explain_resolves_alike(db, data):
    indicator, area = data.draw(indicator_texts(db)), data.draw(area_texts(db))
    assume(_words_only(indicator) and _words_only(area))
    assert slack(db, "explain", indicator, area) == cli(db, indicator, area)


@PROPERTY
@given(data=st.data())
def test_compare_resolves_alike(db, data):
    indicator, area = data.draw(indicator_texts(db)), data.draw(area_texts(db, compared=True))
    assume(_words_only(indicator) and _words_only(area))
    assert slack(db, "compare", indicator, area) == cli(db, indicator, area, compared=True)


@PROPERTY
@given(data=st.data())
def test_an_unknown_area_is_refused_or_read_as_the_cli_reads_some_cut(db, data):
    """Nonsense where the area goes. Slack cannot know where the indicator's words end (the
    shell told the CLI): ``show public ordr`` is Public order in the force, which the CLI
    reads too, given ``"public ordr"`` as the indicator. Slack refuses or gives a reading the
    CLI gives for some cut of the same words, and never refuses what the CLI accepts."""
    indicator, area = data.draw(indicator_texts(db)), data.draw(NONSENSE)
    assume(_words_only(indicator) and _words_only(area))
    found = slack(db, "show", indicator, area)
    words = f"{indicator} {area}".split()
    readings = {cli(db, " ".join(words[:k]), " ".join(words[k:])) for k in range(1, len(words))}
    with contextlib.suppress(UnknownName):
        readings.add((resolve_indicator(db, " ".join(words)).slug, None))
    assert found is None or found in readings
    if cli(db, indicator, area) is not None:
        assert found is not None


# The words that used to be read differently ------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("asb", "anti-social-behaviour"),  # the commander's word; not asb-repeat-callers
        ("robery", "robbery"),  # an error on the CLI before
        ("da", "domestic-abuse"),  # an error on the CLI before
        ("mispers", "missing-persons"),  # the analyst's alias: read by nobody before
        ("robs", "robbery"),  # an alias the analyst's override adds
        ("svc", "satisfaction-violent-crime"),
    ],
)
def test_words_read_the_same_everywhere(db, typed, expected):
    assert cli(db, typed, "lancashire") == (expected, "lancashire")
    assert slack(db, "show", typed, "lancashire") == (expected, "lancashire")
    assert slack(db, "explain", typed, "lancashire") == (expected, "lancashire")
    assert slack(db, "compare", typed, "lancashire") == (expected, "lancashire")


def test_asb_repeat_callers_is_still_found_by_its_own_words(db):
    assert cli(db, "asb repeat callers", "south") == ("asb-repeat-callers", "south")
    assert slack(db, "show", "asb repeat callers", "south") == ("asb-repeat-callers", "south")


def test_a_word_more_than_the_name_is_not_forgiven(db):
    # Slack used to read "violence and sexual offences qq" as violent crime in the force.
    assert slack(db, "show", "violence and sexual offences", "qq") is None
    assert cli(db, "violence and sexual offences", "qq") is None
    assert names.best("the robbery one", names.indicator_choices(indicators(db).values())) is None


def test_words_that_name_an_area_are_not_taken_into_a_forgiving_indicator(db):
    # "cri bur" starts words of High impact acquisitive crime (burglary and robbery), and "bur"
    # names Burnley: the CLI given "cri" and "bur" refuses "cri" (crimes? criminal damage?).
    assert cli(db, "cri", "bur") is None
    assert slack(db, "show", "cri", "bur") is None
