"""An area beside its parents and peers as a plain-text table, in the report's terms:

Burglary: 12 months to June 2017 against the 12 months to June 2016
level     area                 current  previous  change   percent  source
force     Lancashire            13,000    11,688  +1,312   +11.2%   police recorded crime ...
...
29 of 43 forces nationally have an increase.
"""

from __future__ import annotations

from detectors.comparison import Comparison, OutOfStep, Rank, Row
from messages.formats import month_long, number, percentage, proportion, signed
from messages.model import IndicatorInfo
from months import add_months

MEASURE_WORDS = {
    "rolling-total": "rolling 12-month totals at the period end",
    "monthly-count": "monthly counts summed over each 12 months",
    "stock": "the count at the month against a year before",
    "proportion": "each 12 months pooled over their respondents; change in percentage points",
}


def ordinal(n: int) -> str:
    """``1`` -> ``1st``, ``12`` -> ``12th``, ``22`` -> ``22nd``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def rank_order(indicator: IndicatorInfo) -> str:
    """Which way ranks go, for an indicator."""
    best = "largest fall" if indicator.bad_direction == "up" else "largest rise"
    by = "change in percentage points" if indicator.unit == "proportion" else "percentage change"
    return f"by {by}, 1st = the {best} (the best record for {indicator.noun})"


def signed_percent(row: Row) -> str:
    if row.percent is None:
        return "n/a"
    text = percentage(row.percent)
    return text if text.startswith("-") or row.percent == 0 else f"+{text}"


def _signed_points(change: float) -> str:
    """``0.029`` -> ``+2.9 pts``: a proportion's change in percentage points."""
    return f"{signed(change * 100)} pts"


def title(comparison: Comparison, indicator: IndicatorInfo) -> str:
    month = comparison.month
    if comparison.measure == "stock":
        return f"{indicator.name}: {month_long(month)} against {month_long(add_months(month, -12))}"
    return (
        f"{indicator.name}: 12 months to {month_long(month)} against the 12 months to "
        f"{month_long(add_months(month, -12))}"
    )


def rank_line(ranks: tuple[Rank, ...], indicator: IndicatorInfo) -> str:
    places = "; ".join(f"{ordinal(r.place)} of {r.of} in {r.name}" for r in ranks)
    return f"Rank {rank_order(indicator)}: {places}."


def _figures(row: Row, comparison: Comparison) -> tuple[str, str, str, str]:
    """current, previous, change, percent as shown (a proportion's change in points, no
    percent)."""
    if comparison.measure == "proportion":
        return (proportion(row.current), proportion(row.previous), _signed_points(row.change), "")
    return (number(row.current), number(row.previous), signed(row.change), signed_percent(row))


def forces_line(comparison: Comparison, indicator: IndicatorInfo) -> str:
    """``29 of 43 forces nationally have an increase in Burglary.``; "" without national data."""
    if comparison.forces_up is None or comparison.forces is None:
        return ""
    return (
        f"{comparison.forces_up} of {comparison.forces} forces nationally have an increase "
        f"in {indicator.name}."
    )


def comparison_table(
    comparison: Comparison, indicator: IndicatorInfo, notes: tuple[str, ...]
) -> str:
    """The table, the count of forces with an increase, the ranks and the notes."""
    header = ("level", "area", "current", "previous", "change", "percent", "source")
    cells = [(r.level, r.name, *_figures(r, comparison), r.source) for r in comparison.rows]
    widths = [max(len(row[i]) for row in [header, *cells]) for i in range(len(header))]
    numeric = {2, 3, 4, 5}

    def line(row: tuple[str, ...]) -> str:
        return "  ".join(
            c.rjust(w) if i in numeric else c.ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()

    lines = [
        title(comparison, indicator),
        f"({MEASURE_WORDS[comparison.measure]})",
        "",
        line(header),
        *(line(c) for c in cells),
        "",
    ]
    if forces_line(comparison, indicator):
        lines.append(forces_line(comparison, indicator))
    if comparison.ranks:
        lines.append(rank_line(comparison.ranks, indicator))
    lines.extend(f"Note: {note}." for note in notes)
    return "\n".join(lines)


PHONE_HEADER = ("now", "before", "change", "%")


def phone_table(comparison: Comparison) -> list[str]:
    """The table narrow enough for a phone (under 40 characters for England & Wales' all
    crime): each area's name and level on a line, its figures under it in aligned columns."""
    columns = 3 if comparison.measure == "proportion" else 4
    header = PHONE_HEADER[:columns]
    cells = [_figures(r, comparison)[:columns] for r in comparison.rows]
    widths = [max(len(c[i]) for c in [header, *cells]) for i in range(columns)]

    def line(row: tuple[str, ...]) -> str:
        return "  " + "  ".join(c.rjust(w) for c, w in zip(row, widths, strict=True))

    lines = [line(header)]
    for row, figures in zip(comparison.rows, cells, strict=True):
        lines += [f"{row.name} ({row.level})", line(figures)]
    return lines


def moved(row: Row) -> str:
    if not row.percent:
        return "unchanged"
    return f"{'up' if row.percent > 0 else 'down'} {percentage(abs(row.percent))}"


def _against(subject: Row, beside: Row) -> str:
    """The wider area's change, its direction said when it differs from the subject's."""
    if not beside.percent:
        return "no change"
    size = percentage(abs(beside.percent))
    if subject.percent and (subject.percent > 0) == (beside.percent > 0):
        return size
    return f"{'a rise' if beside.percent > 0 else 'a fall'} of {size}"


def out_of_step_line(step: OutOfStep) -> str:
    """``Lancashire up 38.9% against 25.5% for England & Wales (police recorded crime (Home
    Office), 12 months to June 2017)``: the alert's line where the force is out of step."""
    return (
        f"{step.subject.name} {moved(step.subject)} against "
        f"{_against(step.subject, step.beside)} for {step.beside.name} "
        f"({step.subject.source}, 12 months to {month_long(step.month)})"
    )
