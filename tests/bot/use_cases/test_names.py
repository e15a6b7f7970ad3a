"""The one name resolver: exact names, then aliases, then a forgiving match, and a "did you
mean" when nothing is good enough; the analyst's aliases apply as soon as they are loaded."""

from __future__ import annotations

import pytest

from bot.use_cases import names
from bot.use_cases.names import (
    UnknownName,
    Vocabulary,
    choice,
    resolve_area,
    resolve_compared_area,
    resolve_indicator,
    vocabulary,
)
from storage.areas import slugify
from storage.catalogue import builtin_indicators
from storage.indicator_file import read_indicator_file
from storage.ingest import ingest, list_inputs
from tests.ingest_time import NOW
from tests.storage.street_files import street_row, write_street_file

INDICATORS = names.indicator_choices(builtin_indicators().values())
HEADER = "slug,name,noun,theme,unit,bad_direction,sensitive,measure,components,aliases\n"
MISSING = (
    "missing-persons,Missing persons,missing person reports,"
    "Supporting Vulnerable People & Victims,count,up,false,,,missing people; mispers\n"
)


def key(text: str, choices=INDICATORS) -> str | None:
    found = names.best(text, choices)
    return found.key if found else None


@pytest.fixture
def loaded(db, tmp_path):
    """Lancashire's street data for one month (Preston in South Division) and an indicators
    file whose missing persons are also ``mispers``."""
    write_street_file(tmp_path, "2020-01", [street_row("2020-01", "Robbery", "Preston 001A")])
    (tmp_path / "areas.csv").write_text("local_authority,division\nPreston,South\n")
    found = read_indicator_file((HEADER + MISSING).encode(), "ind.csv")
    ingest(db, list_inputs([tmp_path]), now=NOW, indicator_file=found)
    return db


# The tiers --------------------------------------------------------------------------------


def test_asb_is_anti_social_behaviour_not_asb_repeat_callers():
    # "asb" is an alias of anti-social behaviour and only the start of "asb repeat callers":
    # the alias tier is tried before the forgiving one.
    assert names.best("asb", INDICATORS) == names.Match("anti-social-behaviour", names.ALIAS, 1)
    assert key("asb repeat") == "asb-repeat-callers"


def test_robery_is_robbery_by_a_close_spelling():
    assert names.best("robery", INDICATORS).tier == names.FORGIVING
    assert key("robery") == "robbery"


def test_da_is_domestic_abuse_by_its_alias():
    assert key("da") == "domestic-abuse"
    assert key("DA") == "domestic-abuse"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("robbery", "robbery"),  # slug
        ("Violence and sexual offences", "violent-crime"),  # name
        ("burglaries", "burglary"),  # noun
        ("anti-social behaviour", "anti-social-behaviour"),
        ("ksi", "ksi-casualties"),  # alias
        ("shop", "shoplifting"),  # prefix
        ("viol sex", "violent-crime"),  # word starts
    ],
)
def test_names_people_type(typed, expected):
    assert key(typed) == expected


def test_an_exact_name_beats_another_choices_alias():
    choices = {"a": choice(("tftp",)), "b": choice(("theft from the person",), ("tftp",))}
    assert key("tftp", choices) == "a"


def test_an_alias_beats_a_closer_spelling_of_another_name():
    # "violence" starts "violences", which alone it would name; but it is an alias of b.
    choices = {"a": choice(("violences",)), "b": choice(("violent crime",), ("violence",))}
    assert key("violence", {"a": choices["a"]}) == "a"
    assert key("violence", choices) == "b"


def test_a_tie_is_refused_and_both_are_suggested():
    # "burg" starts burglary and burglary (residential) alike.
    assert key("burg") is None
    assert {"burglary", "burglary-residential"} <= set(names.suggest("burg", INDICATORS))


def test_two_choices_with_the_same_alias_are_a_tie():
    choices = {"a": choice(("alpha",), ("x1",)), "b": choice(("beta",), ("x1",))}
    assert key("x1", choices) is None


def test_what_is_not_good_enough_gets_a_suggestion_and_nothing_else():
    assert key("robxxy") is None
    assert names.suggest("robxxy", INDICATORS) == ["robbery"]
    assert names.suggest("kittens", INDICATORS) == []


def test_unknown_name_says_what_and_suggests():
    with pytest.raises(UnknownName) as refused:
        names.resolve("robxxy", INDICATORS, "indicator")
    assert str(refused.value) == "Unknown indicator 'robxxy'. Did you mean robbery?"
    assert refused.value.suggestions == ["robbery"]


def test_every_built_in_alias_names_one_indicator_alone():
    owners: dict[str, set[str]] = {}
    for indicator in builtin_indicators().values():
        for text in (indicator.slug, indicator.name, indicator.noun, *indicator.aliases):
            owners.setdefault(slugify(text), set()).add(indicator.slug)
    for indicator in builtin_indicators().values():
        for alias in indicator.aliases:
            assert owners[slugify(alias)] == {indicator.slug}, alias


# From the database -----------------------------------------------------------------------


def test_an_analysts_alias_applies_as_soon_as_it_is_loaded(loaded):
    assert resolve_indicator(loaded, "mispers").slug == "missing-persons"
    assert key("mispers", vocabulary(loaded).indicators) == "missing-persons"


def test_without_the_file_mispers_is_unknown(db):
    with pytest.raises(UnknownName):
        resolve_indicator(db, "mispers")


def test_areas_by_slug_name_and_forgiving_spelling(loaded):
    assert resolve_area(loaded, "South Division").slug == "south"
    assert resolve_area(loaded, "prestn").slug == "preston"
    with pytest.raises(UnknownName, match="Unknown area 'narnia'"):
        resolve_area(loaded, "narnia")


def test_compare_names_any_territorial_force_loaded_or_not(loaded):
    kent = resolve_compared_area(loaded, "Kent Police")
    assert (kent.slug, kent.name, kent.kind) == ("kent", "Kent", "force")
    assert resolve_compared_area(loaded, "Lancashire Constabulary").name == "Lancashire"
    assert resolve_compared_area(loaded, "south").slug == "south"
    with pytest.raises(UnknownName):
        resolve_area(loaded, "kent")  # not a stored area: show and series have no data for it


def test_the_vocabulary_reads_themes_by_their_short_words():
    vocabulary = Vocabulary.of(builtin_indicators().values(), [])
    assert key("vulnerable people", vocabulary.themes) == "Supporting Vulnerable People & Victims"


def test_all_the_words_name_the_first_alone_only_exactly_or_with_no_area_at_their_end():
    first = {"crime-in-fylde": choice(("crime in fylde",))}
    areas = {"fylde": choice(("fylde",))}
    exact = names.split(["crime", "in", "fylde"], first, areas)
    assert (exact.first.key, exact.second) == ("crime-in-fylde", None)
    # Misspelt, the whole is only a forgiving match and "fylde" names an area: read as such.
    misspelt = names.split(["crme", "in", "fylde"], first, areas)
    assert (misspelt.first.key, misspelt.second.key) == ("crime-in-fylde", "fylde")
    alone = names.split(["crme", "in", "fylde"], first, {})
    assert (alone.first.key, alone.second) == ("crime-in-fylde", None)
