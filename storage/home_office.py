"""The Home Office table of police recorded crime by police force area, as published.

``12 months ending,PFA,Region,Offence,Rolling year total number of offences``: one row per
period end, force and offence group; each value is the total of the 12 months to the period
end (yearly to March 2007, then quarterly). These are a different measure from data.police.uk
street-level counts of the same force, so they live in their own table (``recorded_crime``)
and are never added to street counts.

British Transport Police and the fraud sources (Action Fraud, CIFAS, UK Finance) are checked
like every row but not stored: they are not police force areas, so they are never part of a
force, a region or England & Wales.
"""

from __future__ import annotations

import calendar
import csv
import difflib
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from importlib import resources

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from storage.catalogue import Indicator, builtin_indicators
from storage.csv_rows import DataRows
from storage.errors import InputProblem
from storage.force_areas import (
    NATIONAL_NAME,
    NATIONAL_SLUG,
    find_force,
    force_areas,
    region_name,
    region_slug,
    store_group,
    suggest_forces,
)
from storage.month_window import MonthWindow

MEASURE = "rolling 12-month total"
HEADER = (
    "12 months ending",
    "PFA",
    "Region",
    "Offence",
    "Rolling year total number of offences",
)
PERIOD, FORCE, REGION, OFFENCE, VALUE = HEADER
_QUARTER_LAST_DAY = {3: 31, 6: 30, 9: 30, 12: 31}
_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")

migrations = Migrations("scrutiny.home_office")


@migrations()
def m001_recorded_crime(db: Database) -> None:
    # month: YYYY-MM, the last month of the 12 the value totals.
    db.table("recorded_crime").create(
        {"force": str, "month": str, "offence": str, "value": int},
        pk=("force", "month", "offence"),
    )
    db.table("recorded_crime").create_index(["month", "offence"])
    db.table("recorded_crime_files").create(
        {"path": str, "sha256": str, "rows": int, "ingested_at": str}, pk="path"
    )


@dataclass(frozen=True)
class OffenceGroup:
    name: str  # as the table writes it: "Residential burglary"
    indicator: str  # the catalogue indicator it counts towards; "" for none (fraud)
    split: str  # the narrower indicator it alone makes up, which carries a counting change
    negatives_allowed: bool  # the published figures are net of adjustments and can be < 0


@cache
def offence_groups() -> dict[str, OffenceGroup]:
    text = (
        resources.files("storage")
        .joinpath("data", "home_office_offences.csv")
        .read_text(encoding="utf-8")
    )
    return {
        r["offence"]: OffenceGroup(
            r["offence"], r["indicator"], r["split"], r["negatives"] == "allowed"
        )
        for r in csv.DictReader(text.splitlines())
    }


def offences_for(indicator: Indicator) -> tuple[str, ...]:
    """The offence groups whose sum is ``indicator``; empty when the table does not hold it.

    A derived indicator (all crime, acquisitive crime) is the sum of its components' groups,
    only when every component has some: all crime is every group but fraud; "all crime and
    ASB" has none (anti-social behaviour is not recorded crime).
    """
    groups = offence_groups().values()
    direct = tuple(g.name for g in groups if indicator.slug in (g.indicator, g.split))
    if direct or indicator.source != "derived":
        return direct
    parts = [tuple(g.name for g in groups if g.indicator == c) for c in indicator.components]
    if not parts or not all(parts):
        return ()
    return tuple(sorted({name for part in parts for name in part}))


@dataclass(frozen=True)
class RecordedCrime:
    force: str  # force slug, as data.police.uk names it
    month: str  # YYYY-MM: the last month of the 12
    offence: str
    value: int


@dataclass
class HomeOfficeTable:
    """A parsed table: the force-area rows to store and what was read around them."""

    path: str
    sha256: str
    rows: list[RecordedCrime] = field(default_factory=list)
    regions: dict[str, str] = field(default_factory=dict)  # force slug -> region as written
    left_out: dict[str, int] = field(default_factory=dict)  # not a force area -> rows
    respelled: dict[str, str] = field(default_factory=dict)  # period end as written -> month

    def summary(self) -> str:
        months = sorted({r.month for r in self.rows})
        regions = _count(set(self.regions.values()), "region")
        text = (
            f"{len(self.rows):,} Home Office recorded-crime figures ({MEASURE}s) for "
            f"{len(self.regions)} police force areas in {regions}, "
            f"{len(months)} period ends from {months[0]} to {months[-1]}"
            if self.rows
            else "no Home Office figures of a police force area"
        )
        for written, month in sorted(self.respelled.items()):
            name = f"{calendar.month_name[int(month[5:])]} {month[:4]}"
            text += f"; {written} read as the quarter ending {name}"
        if self.left_out:
            named = ", ".join(f"{name} ({n:,} rows)" for name, n in sorted(self.left_out.items()))
            text += (
                f"; not stored and not in England & Wales totals, as they are not police "
                f"force areas: {named}"
            )
        return text


def _count(items: set[str], word: str) -> str:
    return f"{len(items)} {word}{'' if len(items) == 1 else 's'}"


def looks_like_home_office(header_line: str) -> bool:
    """True for the Home Office header, even with a column missing or misspelt (so that its
    parser, not the long-format one, says what is wrong)."""
    names = {c.strip().strip('"').lower() for c in header_line.split(",")}
    return len(names & {h.lower() for h in HEADER}) >= 2


def period_end_month(text: str) -> str | None:
    """``30-06-2017`` -> ``2017-06``; None unless a quarter end (31 March, 30 June, 30 September,
    31 December). The day before a quarter's last day is read as that quarter end: the table
    as published writes ``30-12-2017`` for the quarter ending December 2017."""
    match = _DATE.match(text.strip())
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    last = _QUARTER_LAST_DAY.get(month)
    if last is None or day not in (last, last - 1):
        return None
    return f"{year:04d}-{month:02d}"


def parse_home_office_csv(
    lines: Iterable[str], path: str, window: MonthWindow | None = None
) -> tuple[HomeOfficeTable | None, list[InputProblem]]:
    """The table, or every problem in it (at most storage.csv_rows.MAX_PROBLEMS): refused
    whole on any; a period end outside ``window`` is one."""
    text = list(lines)
    table = HomeOfficeTable(path, hashlib.sha256("".join(text).encode()).hexdigest())
    reader = csv.reader(text)
    try:
        header = [h.strip() for h in next(reader, [])]
    except csv.Error as exc:
        return None, [InputProblem(path, f"not a well-formed CSV: {exc}", line=1)]
    missing = [h for h in HEADER if h not in header]
    extra = [h for h in header if h not in HEADER]
    if missing or extra or len(header) != len(HEADER):
        said = f"lacks column(s) {', '.join(missing)}" if missing else "has unexpected columns"
        if extra:
            said += f"; {', '.join(map(repr, extra))} not expected"
        return None, [
            InputProblem(
                path,
                f"the header {said}; expected the Home Office header {','.join(HEADER)}",
                line=1,
            )
        ]
    where = {name: header.index(name) for name in HEADER}
    groups = offence_groups()
    first_seen: dict[tuple[str, str, str], tuple[int, str]] = {}
    region_line: dict[str, tuple[str, int]] = {}
    rows = DataRows(reader, path, len(HEADER))
    problem, problems = rows.problem, rows.problems
    for row in rows:
        cell = {name: row[i] for name, i in where.items()}
        month = period_end_month(cell[PERIOD])
        if month is None:
            problem(
                f"period end is {cell[PERIOD]!r}; expected a quarter end DD-MM-YYYY "
                "(31-03, 30-06, 30-09 or 31-12)",
                PERIOD,
            )
            continue
        if window is not None and month not in window:
            problem(
                f"period end is {cell[PERIOD]!r}, the quarter ending {month}; expected "
                f"{window.expected()}",
                PERIOD,
            )
            continue
        force = find_force(cell[FORCE])
        if force is None:
            close = suggest_forces(cell[FORCE])
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            problem(
                f"{cell[FORCE]!r} is not a police force area of England & Wales{hint}",
                FORCE,
            )
            continue
        group = groups.get(cell[OFFENCE])
        if group is None:
            close = difflib.get_close_matches(cell[OFFENCE], list(groups), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            problem(f"unknown offence group {cell[OFFENCE]!r}{hint}", OFFENCE)
            continue
        value = _whole_number(cell[VALUE])
        if value is None:
            problem(f"total is {cell[VALUE]!r}; expected a whole number", VALUE)
            continue
        if value < 0 and not group.negatives_allowed:
            problem(
                f"total is {value:,}; a count of {group.name} offences cannot be negative",
                VALUE,
            )
            continue
        key = (month, force.name, group.name)
        if key in first_seen:
            line, written = first_seen[key]
            problem(
                f"{force.name}, {group.name}, 12 months ending {cell[PERIOD]} is already "
                f"on line {line} ({written}); expected one row per period end, force "
                "and offence"
            )
            continue
        first_seen[key] = (rows.line, cell[PERIOD])
        if int(cell[PERIOD].split("-")[0]) != _QUARTER_LAST_DAY[int(month[5:])]:
            table.respelled[cell[PERIOD]] = month
        if not force.force_area:
            table.left_out[force.name] = table.left_out.get(force.name, 0) + 1
            continue
        if not cell[REGION]:
            problem("region is empty; expected the force's region", REGION)
            continue
        earlier = region_line.setdefault(force.slug, (cell[REGION], rows.line))
        if earlier[0] != cell[REGION]:
            problem(
                f"{force.name} is in {cell[REGION]!r} here but in {earlier[0]!r} on line "
                f"{earlier[1]}; expected one region a force",
                REGION,
            )
            continue
        table.regions[force.slug] = cell[REGION]
        table.rows.append(RecordedCrime(force.slug, month, group.name, value))
    if not problems and not table.rows and not table.left_out:
        problems.append(InputProblem(path, "the file has a header but no rows", line=1))
    return (None, problems) if problems else (table, [])


def _whole_number(text: str) -> int | None:
    cleaned = text.replace(",", "")
    return int(cleaned) if re.fullmatch(r"-?\d+", cleaned) else None


def store_recorded_crime(db: Database, table: HomeOfficeTable) -> None:
    """Store a table (inside the ingest's transaction). Each force's period end is replaced
    whole by the new table's rows, so a revised table leaves no figure of the old one behind
    for the periods it covers."""
    covered = sorted({(r.force, r.month) for r in table.rows})
    db.conn.executemany("DELETE FROM recorded_crime WHERE force = ? AND month = ?", covered)
    db.table("recorded_crime").insert_all(
        (
            {"force": r.force, "month": r.month, "offence": r.offence, "value": r.value}
            for r in table.rows
        ),
        pk=("force", "month", "offence"),
        batch_size=5000,
    )
    for force, region in table.regions.items():
        # A force moves to the region this table gives it; a table of a few forces does not
        # empty the regions of the others.
        db.execute(
            "DELETE FROM area_members WHERE member = ? AND area IN "
            "(SELECT slug FROM areas WHERE kind = 'region')",
            [force],
        )
        slug = region_slug(region)
        db.table("areas").upsert(
            {"slug": slug, "name": region_name(region), "kind": "region", "parent": None},
            pk="slug",
        )
        db.table("area_members").insert({"area": slug, "member": force}, ignore=True)
    if table.rows:
        store_group(db, NATIONAL_SLUG, NATIONAL_NAME, "national", sorted(force_areas()))
    db.table("recorded_crime_files").upsert(
        {
            "path": table.path,
            "sha256": table.sha256,
            "rows": len(table.rows),
            "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
        },
        pk="path",
    )


def period_ends(db: Database) -> list[str]:
    """Every month a stored figure ends at, in order."""
    return [r[0] for r in db.execute("SELECT DISTINCT month FROM recorded_crime ORDER BY month")]


def rolling_totals(
    db: Database, offences: tuple[str, ...], months: tuple[str, ...]
) -> dict[str, dict[str, int]]:
    """Force slug -> month -> the sum of ``offences`` in the 12 months to it, for every force
    with a figure of those offences at the month."""
    out: dict[str, dict[str, int]] = {}
    if not offences or not months:
        return out
    rows = db.execute(
        f"SELECT force, month, SUM(value) FROM recorded_crime "
        f"WHERE offence IN ({','.join('?' * len(offences))}) "
        f"AND month IN ({','.join('?' * len(months))}) GROUP BY force, month",
        [*offences, *months],
    )
    for force, month, total in rows:
        out.setdefault(force, {})[month] = int(total)
    return out


def has_figures(db: Database, force: str) -> bool:
    found = db.execute("SELECT 1 FROM recorded_crime WHERE force = ? LIMIT 1", [force])
    return found.fetchone() is not None


def known_indicators() -> list[str]:
    """The catalogue indicators the table can give."""
    return [slug for slug, i in builtin_indicators().items() if offences_for(i)]
