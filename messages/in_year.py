"""'In Year Performance' against the 'Previous 12 Month Period', in the report's words:
``Up 12.1% (+12,020 crimes)``, with its significance and its caveats. Plain text."""

from __future__ import annotations

from collections.abc import Sequence

from detectors.finding import YearOnYear
from detectors.small_numbers import small_numbers
from messages.caveats import SHORT, small_numbers_note
from messages.formats import (
    figure,
    month_end_long,
    number,
    percentage,
    points,
    proportion,
    signed,
    whole,
)
from messages.inputs import Unlocated
from messages.model import IndicatorInfo

NAMED = 4  # indicators named in a note said once for the whole digest; the rest are counted


def change_phrase(yoy: YearOnYear, indicator: IndicatorInfo) -> str:
    """The report's form: ``Up 12.1% (+12,020 crimes)``; a proportion: ``Down 2.9 percentage
    points from 82.6% to 79.7%``."""
    if yoy.unit == "proportion":
        if yoy.change == 0:
            return f"No change at {proportion(yoy.current)}"
        return (
            f"{'Up' if yoy.change > 0 else 'Down'} {points(yoy.change)} "
            f"from {proportion(yoy.previous)} to {proportion(yoy.current)}"
        )
    if yoy.measure == "stock":
        return _stock_phrase(yoy, indicator)
    current, previous, change = whole(yoy.current), whole(yoy.previous), whole(yoy.change)
    if yoy.change == 0:
        return f"No change ({figure(current, indicator)} in both periods)"
    direction = "Up" if yoy.change > 0 else "Down"
    if yoy.percent is None:
        return f"{direction} from {number(previous)} to {figure(current, indicator)}"
    return f"{direction} {percentage(abs(yoy.percent))} ({signed(change)} {indicator.noun})"


def _stock_phrase(yoy: YearOnYear, indicator: IndicatorInfo) -> str:
    """A headcount against a year before, as the report words it: ``Up 0.14% (4 officers)``
    (the difference in people, not a sum of months)."""
    if yoy.change == 0:
        return f"No change ({figure(yoy.current, indicator)} at both dates)"
    direction = "Up" if yoy.change > 0 else "Down"
    if yoy.percent is None:
        return f"{direction} from {number(yoy.previous)} to {figure(yoy.current, indicator)}"
    people = f"{number(abs(yoy.change))} {indicator.noun}"
    return f"{direction} {percentage(abs(yoy.percent))} ({people})"


def significance_phrase(yoy: YearOnYear) -> str:
    """The report's wording; empty when no test was made."""
    if yoy.p_value is None:
        return ""
    if yoy.significant:
        return "statistically significant"
    return "not statistically significant and should be treated as no change"


def caveats(yoy: YearOnYear) -> list[str]:
    notes: list[str] = []
    if yoy.measure == "stock":
        return notes  # a headcount is everyone counted: no sample, no months to annualise
    if small_numbers(yoy) and yoy.percent is not None:
        notes.append(small_numbers_note(yoy.percent))
    if coverage_note(yoy):
        notes.append(coverage_note(yoy))
    return notes


def coverage_note(yoy: YearOnYear) -> str:
    """Which period is short of months (its total is annualised); empty when both are whole."""
    if yoy.measure == "stock":
        return ""
    short = [
        f"{n} months of data in the {period}"
        for n, period in (
            (yoy.months_current, "last 12 months"),
            (yoy.months_previous, "previous 12"),
        )
        if n < 12
    ]
    return f"annualised from {' and '.join(short)}" if short else ""


def coverage_summary(figures: Sequence[tuple[str, YearOnYear]]) -> str:
    """The coverage notes of a digest or report, said once: ``Annualised from 9 months of data
    in the previous 12 (every indicator).``; empty when every total is of 12 months.
    ``figures``: (indicator name, its In Year figures) for every figure shown."""
    names: dict[str, list[str]] = {}
    for name, yoy in figures:
        note = coverage_note(yoy)
        if note and name not in names.setdefault(note, []):
            names[note].append(name)
    every = {name for name, _ in figures}
    sentences = []
    for note, named in names.items():
        if set(named) == every:
            which = "every indicator"
        elif len(named) > NAMED:
            which = f"{', '.join(named[:NAMED])} and {len(named) - NAMED} more"
        else:
            which = ", ".join(named)
        sentences.append(f"{note[:1].upper()}{note[1:]} ({which}).")
    return " ".join(sentences)


def year_on_year_sentence(yoy: YearOnYear, indicator: IndicatorInfo) -> str:
    """``In year: up 38.9% (+210) on the previous 12 months; statistically significant.``"""
    if yoy.measure == "stock" and yoy.change != 0 and yoy.percent is not None:
        core = (
            f"{_stock_phrase(yoy, indicator).lower()} against a year before, "
            f"from {number(yoy.previous)} to {figure(yoy.current, indicator)}"
        )
    elif yoy.unit == "count" and yoy.change != 0 and yoy.percent is not None:
        core = (
            f"{'up' if yoy.change > 0 else 'down'} {percentage(abs(yoy.percent))} "
            f"({signed(whole(yoy.change))}) on the previous 12 months"
        )
    else:
        phrase = change_phrase(yoy, indicator)
        core = phrase[:1].lower() + phrase[1:]
    parts = [f"In year: {core}", significance_phrase(yoy), *caveats(yoy)]
    return "; ".join(part for part in parts if part) + "."


def report_sentence(yoy: YearOnYear, indicator: IndicatorInfo) -> str:
    """The report's paragraph: ``The 'In Year Performance' versus the 'Previous 12 Month Period'
    shows an increase of 12,020 crimes (12.1%).`` with its significance and caveats."""
    opening = "The 'In Year Performance' versus the 'Previous 12 Month Period' shows"
    kind = "an increase" if yoy.change > 0 else "a reduction"
    if yoy.change == 0:
        core = f"{opening} no change"
    elif yoy.measure == "stock":
        core = (
            f"{opening.removesuffix(' shows')} is {_stock_phrase(yoy, indicator).lower()} based "
            f"on the count at {month_end_long(yoy.as_of)} ({figure(yoy.current, indicator)})"
        )
    elif yoy.unit == "proportion":
        core = (
            f"{opening} {kind} of {points(yoy.change)} from {proportion(yoy.previous)} "
            f"to {proportion(yoy.current)}"
        )
    elif yoy.percent is None:
        core = f"{opening} {kind} from {number(yoy.previous)} to {figure(yoy.current, indicator)}"
    else:
        core = (
            f"{opening} {kind} of {number(abs(whole(yoy.change)))} {indicator.noun} "
            f"({percentage(abs(yoy.percent))})"
        )
    sentences = [core + "."]
    if yoy.p_value is not None and not yoy.significant and yoy.change != 0:
        sentences.append(
            "This is not statistically significant and should be treated as no change."
        )
    if small_numbers(yoy) and yoy.percent is not None:
        # annualised totals are said once, for the whole report
        sentences.append(f"Please be aware that {small_numbers_note(yoy.percent)}.")
    return " ".join(sentences)


def compact_change(yoy: YearOnYear, indicator: IndicatorInfo) -> str:
    """A digest cell: ``Up 38.9% (+210 robberies)``, ``..., not significant``, ``...,
    small numbers``. Annualised totals are said once for the whole digest (coverage_summary)."""
    text = change_phrase(yoy, indicator)
    if small_numbers(yoy):
        text += f", {SHORT}"
    if yoy.p_value is not None and not yoy.significant and yoy.change != 0:
        text += ", not significant"
    return text


def unlocated_note(unlocated: Unlocated, force_name: str) -> str:
    """Why the divisions do not add up to the force."""
    return (
        f"The divisions do not add up to {force_name}: {unlocated.current:,} crimes in the "
        f"In Year Performance period had no recorded location and count for {force_name} "
        f"only ({unlocated.previous:,} in the Previous 12 Month Period)."
    )
