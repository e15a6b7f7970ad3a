"""The report's statements (detectors.statements) in its own words. Plain text: templates add
layout and escaping, Slack and HTML alike.

``sentence(statement, names)`` gives one paragraph for any statement; ``driver_lines`` and
``favourable_lines`` give a contributions statement's lists, one line a category, for a
report that sets them out as bullets ("Bicycle Theft - Down 170 crimes (-8.8%)").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from detectors.contributions import Contributions, Part
from detectors.long_trend import LongTrend
from detectors.projection import Projection
from detectors.remained_high import RemainedHigh
from detectors.seasonal_pattern import SeasonalPattern
from detectors.small_numbers import rests_on_small_numbers
from detectors.statements import SmallNumbers, Statement
from messages.caveats import SHORT, small_numbers_note
from messages.formats import month_long, number, percentage, plural
from messages.model import IndicatorInfo


@dataclass(frozen=True)
class Names:
    """Display names: the indicators (the statement's own and its components) by slug, and
    the areas by slug; ``crimes``: the indicators that are recorded crime, which a list of a
    total's parts counts in "crimes" as the report does ("Shoplifting - Up 1,368 crimes")."""

    indicators: Mapping[str, IndicatorInfo]
    areas: Mapping[str, str]
    crimes: frozenset[str] = frozenset()

    def indicator(self, slug: str) -> str:
        info = self.indicators.get(slug)
        return info.name if info is not None else slug

    def noun(self, slug: str) -> str:
        info = self.indicators.get(slug)
        return info.noun if info is not None else "crimes"

    def part_noun(self, slug: str) -> str:
        """A part of a total, counted in its own unit: ``crimes`` for a crime category, else
        its own noun (``ASB incidents``), never the total's (``crimes and ASB incidents``)."""
        return "crimes" if slug in self.crimes else self.noun(slug)

    def area(self, slug: str) -> str:
        return self.areas.get(slug, slug)

    def subject(self, indicator: str, area: str) -> str:
        """``Domestic abuse in East Division``."""
        return f"{self.indicator(indicator)} in {self.area(area)}"


def sentence(statement: Statement, names: Names) -> str:
    """One paragraph, in the report's words, for any statement."""
    if isinstance(statement, Contributions):
        return contributions_sentence(statement, names)
    if isinstance(statement, LongTrend):
        return trend_sentence(statement, names)
    if isinstance(statement, RemainedHigh):
        return remained_high_sentence(statement, names)
    if isinstance(statement, SeasonalPattern):
        return seasonality_sentence(statement, names)
    if isinstance(statement, Projection):
        return projection_sentence(statement, names)
    return small_numbers_sentence(statement, names)


# Contributions --------------------------------------------------------------------------------


def part_line(name: str, part: Part, noun: str) -> str:
    """``Bicycle theft - Down 170 crimes (-8.8%)``; ``Shoplifting - Up 1,222 crimes (15.7%)``;
    on a small count: ``Modern slavery - Up 77 crimes (550%, small numbers)``."""
    direction = "Up" if part.change > 0 else "Down"
    change = f"{direction} {number(abs(round(part.change)))} {noun}"
    if part.percent is None:
        return f"{name} - {change} (from none)"
    shown = percentage(part.percent) if part.change < 0 else percentage(abs(part.percent))
    if rests_on_small_numbers(part.previous, part.percent):
        shown += f", {SHORT}"
    return f"{name} - {change} ({shown})"


def driver_lines(statement: Contributions, names: Names) -> tuple[str, ...]:
    """The categories that contributed most, one line each, largest first."""
    return tuple(
        part_line(names.indicator(p.key), p, names.part_noun(p.key)) for p in statement.categories
    )


def favourable_lines(statement: Contributions, names: Names) -> tuple[str, ...]:
    """The favourable results, one line each, largest first."""
    return tuple(
        part_line(names.indicator(p.key), p, names.part_noun(p.key)) for p in statement.favourable
    )


def _approximately(share: float) -> str:
    return f"approximately {percentage(round(100 * share))}"


def _shares_sentence(statement: Contributions, names: Names, movement: str) -> str:
    """``Shoplifting accounts for approximately 78% of the increase in Business crime, whereas
    Making off without payment accounts for approximately 22%.``"""
    first, *rest = statement.categories
    text = (
        f"{names.indicator(first.key)} accounts for {_approximately(first.share)} of the "
        f"{movement} in {names.indicator(statement.indicator)}"
    )
    if rest:
        second, *others = rest
        text += (
            f", whereas {names.indicator(second.key)} accounts for {_approximately(second.share)}"
        )
        text += "".join(f", {names.indicator(p.key)} for {_approximately(p.share)}" for p in others)
    return text + "."


def _listed(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def contributions_sentence(statement: Contributions, names: Names) -> str:
    """The categories that made the change with their shares, the areas it is mainly
    attributable to (or that it is outside them), and the favourable results not named yet."""
    movement = "increase" if statement.direction == "up" else "reduction"
    subject = names.subject(statement.indicator, statement.area)
    sentences = []
    if statement.categories:
        several = len(statement.categories) > 1
        which = "categories which have" if several else "category which has"
        sentences.append(
            f"The main {which} contributed to the {movement} in {subject} in the 'In Year "
            f"Performance' versus the 'Previous 12 Month Period' {'are' if several else 'is'}: "
            + "; ".join(driver_lines(statement, names))
            + "."
        )
        sentences.append(_shares_sentence(statement, names, movement))
    if statement.areas:
        areas = [
            f"{names.area(p.key)} ({_approximately(p.share)})"
            if len(statement.areas) > 1
            else names.area(p.key)
            for p in statement.areas
        ]
        sentences.append(f"The {movement} is mainly attributable to {_listed(areas)}.")
    elif statement.areas_change is not None:
        sentences.append(_outside_areas_sentence(statement, names, movement))
    if statement.favourable:
        # A fall the good way has named its drivers, favourable results themselves, already.
        also = " also" if statement.better and statement.categories else ""
        sentences.append(
            f"There have{also} been favourable results in: "
            + "; ".join(favourable_lines(statement, names))
            + "."
        )
    return " ".join(sentences)


def _outside_areas_sentence(statement: Contributions, names: Names, movement: str) -> str:
    """The change the divisions do not account for: ``The divisions together rose by 9 public
    order offences, so the reduction is in those with no recorded location, which count for
    Lancashire only.``"""
    assert statement.areas_change is not None
    noun, force = names.noun(statement.indicator), names.area(statement.area)
    change = round(statement.areas_change)
    together = (
        f"rose by {number(change)} {noun}"
        if change > 0
        else f"fell by {number(-change)} {noun}"
        if change < 0
        else "did not change"
    )
    # The same way but too little to account for it: the divisions carry some of it.
    mainly = "mainly " if change * statement.total.change > 0 else ""
    what = "those" if change else noun
    return (
        f"The divisions together {together}, so the {movement} is {mainly}in {what} with no "
        f"recorded location, which count for {force} only."
    )


# Trends and levels ----------------------------------------------------------------------------


def trend_sentence(statement: LongTrend, names: Names) -> str:
    """``Domestic abuse in Lancashire has been on an upward trend since February 2015 (about
    9.8% a year, seasonally adjusted).``"""
    way = "an upward" if statement.direction == "up" else "a downward"
    since = month_long(statement.since)
    when = f"since the data begin in {since}" if statement.from_start else f"since {since}"
    return (
        f"{names.subject(statement.indicator, statement.area)} has been on {way} trend {when} "
        f"(about {percentage(abs(statement.percent_a_year))} a year, seasonally adjusted)."
    )


def remained_high_sentence(statement: RemainedHigh, names: Names) -> str:
    """``... reached a peak of 120 in July 2022 and has decreased although remained high to
    October 2022: above its earlier average of 75 every month since March 2022.``"""
    subject = names.subject(statement.indicator, statement.area)
    noun = names.noun(statement.indicator)
    above = (
        f"above its earlier average of {number(statement.average)} every month since "
        f"{month_long(statement.since)}"
    )
    if statement.decreased:
        return (
            f"{subject} reached a peak of {number(statement.peak)} {noun} in "
            f"{month_long(statement.peak_month)} and has decreased although remained high to "
            f"{month_long(statement.as_of)}: {above}."
        )
    return (
        f"{subject} has remained high since {month_long(statement.since)}, "
        f"{plural(statement.months, 'month')} above its earlier average of "
        f"{number(statement.average)}, with {number(statement.latest)} {noun} in "
        f"{month_long(statement.as_of)}."
    )


def seasonality_sentence(statement: SeasonalPattern, names: Names) -> str:
    """``Anti-social behaviour in Lancashire clearly displays the expected seasonality, with
    peaks in the summer and troughs in the winter.``"""
    return (
        f"{names.subject(statement.indicator, statement.area)} clearly displays the expected "
        f"seasonality, with peaks in the {statement.peak_season} and troughs in the "
        f"{statement.trough_season}."
    )


# Projection and caveats -----------------------------------------------------------------------


def _signed_percent(p: float) -> str:
    text = percentage(p)
    return text if text.startswith("-") or text == "0%" else f"+{text}"


def projection_sentence(statement: Projection, names: Names) -> str:
    """``If current trends are maintained we are projecting an increase of 14.7% in 2017/18
    (likely range +9.1% to +20.3%: 1,240 rapes against 1,081 in 2016/17).``"""
    noun = names.noun(statement.indicator)
    total = f"{number(statement.projected)} {noun}"
    estimated = (
        f"; {plural(statement.months_estimated, 'missing month')} estimated"
        if statement.months_estimated
        else ""
    )
    prefix = f"{names.subject(statement.indicator, statement.area)}: if current trends are "
    percent, low, high = statement.percent, statement.percent_lower, statement.percent_upper
    if percent is None or low is None or high is None or statement.previous is None:
        return (
            f"{prefix}maintained we are projecting {total} in {statement.year} (likely range "
            f"{number(statement.lower)} to {number(statement.upper)}{estimated})."
        )
    previous_year = f"{int(statement.year[:4]) - 1}/{statement.year[2:4]}"
    if round(percent, 1) == 0:
        change = "no change"
    else:
        kind = "an increase" if percent > 0 else "a reduction"
        change = f"{kind} of {percentage(abs(percent))}"
    return (
        f"{prefix}maintained we are projecting {change} in {statement.year} (likely range "
        f"{_signed_percent(low)} to {_signed_percent(high)}: {total} against "
        f"{number(statement.previous)} in {previous_year}{estimated})."
    )


def small_numbers_sentence(statement: SmallNumbers, names: Names) -> str:
    """``Please be aware that the large percentage changes can be attributable to the small
    numbers involved in Modern slavery figures.``"""
    note = small_numbers_note(statement.percent, names.indicator(statement.indicator))
    return f"Please be aware that {note} ({number(statement.previous)} in the previous 12 months)."
