"""The figures their source still calls provisional (long-format rows of status
``provisional``): the latest month, often, which a later extract may revise."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database


@dataclass(frozen=True)
class ProvisionalFigure:
    indicator: str
    area: str  # slug
    month: str


def provisional_figures(db: Database) -> list[ProvisionalFigure]:
    """Every stored provisional figure, by indicator, area and month."""
    rows = db.execute(
        "SELECT indicator, area, month FROM measures WHERE status = 'provisional' "
        "ORDER BY indicator, area, month"
    )
    return [ProvisionalFigure(*row) for row in rows]
