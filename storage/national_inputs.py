"""The inputs that set a force beside others: the Home Office force-area table and groups of
forces. Recognised by their header; parsed, checked across files and stored here, so the
ingest only hands them over."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from sqlite_utils import Database

from storage.errors import InputProblem
from storage.groups import ForceGroups, looks_like_groups, parse_groups_csv, store_groups
from storage.home_office import (
    HomeOfficeTable,
    looks_like_home_office,
    parse_home_office_csv,
    store_recorded_crime,
)
from storage.month_window import MonthWindow

NationalKind = Literal["home-office", "groups"]
KINDS: tuple[NationalKind, ...] = ("home-office", "groups")


def header_kind(header_line: str) -> NationalKind | None:
    """Which of these inputs a file is, from its (lower-cased or not) header line."""
    if looks_like_groups(header_line):
        return "groups"
    if looks_like_home_office(header_line):
        return "home-office"
    return None


def parse_national(
    kind: NationalKind, lines: Iterable[str], path: str, window: MonthWindow | None = None
) -> tuple[list[object], list[InputProblem]]:
    """The parsed input (in a list, as the ingest keeps parsed rows), or its problems; a Home
    Office period end outside ``window`` is one."""
    parsed: HomeOfficeTable | ForceGroups | None
    if kind == "groups":
        parsed, problems = parse_groups_csv(lines, path)
    else:
        parsed, problems = parse_home_office_csv(lines, path, window)
    return ([parsed] if parsed is not None else []), problems


@dataclass
class NationalInputs:
    tables: list[HomeOfficeTable] = field(default_factory=list)
    groups: list[ForceGroups] = field(default_factory=list)
    _seen: dict[tuple[str, str, str], str] = field(default_factory=dict)

    def add(self, parsed: Iterable[object]) -> list[InputProblem]:
        """Keep parsed inputs; a figure or group given by two files of one ingest is a problem."""
        problems: list[InputProblem] = []
        for item in parsed:
            if isinstance(item, HomeOfficeTable):
                keys = {("figure", r.force, r.month) for r in item.rows}
                self.tables.append(item)
            elif isinstance(item, ForceGroups):
                keys = {("group", slug, "") for slug in item.groups}
                self.groups.append(item)
            else:
                continue
            for key in sorted(keys & self._seen.keys())[:1]:
                what = f"{key[1]} {key[2]}" if key[0] == "figure" else f"the group {key[1]}"
                problems.append(InputProblem(item.path, f"{what} is also in {self._seen[key]}"))
            self._seen.update(dict.fromkeys(keys - self._seen.keys(), item.path))
        return problems

    def summary_parts(self) -> list[str]:
        return [t.summary() for t in self.tables] + [g.summary() for g in self.groups]

    def store(self, db: Database) -> None:
        for table in self.tables:
            store_recorded_crime(db, table)
        for groups in self.groups:
            store_groups(db, groups)
