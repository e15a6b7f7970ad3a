"""An analyst's own groups of forces, ``group,force``: a force's most similar group, say.

Each group becomes an area holding its forces, compared beside the force, its region and
England & Wales. Forces are named as the Home Office or data.police.uk name them
("Lancashire", "lancashire", "Lancashire Constabulary"); an unknown name is refused with its
line, column and the closest force names.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlite_utils import Database

from storage.errors import InputProblem
from storage.force_areas import find_force, group_slug, store_group, suggest_forces

HEADER = ("group", "force")


@dataclass
class ForceGroups:
    path: str
    groups: dict[str, list[str]] = field(default_factory=dict)  # group slug -> force slugs
    names: dict[str, str] = field(default_factory=dict)  # group slug -> name as first written

    def summary(self) -> str:
        listed = ", ".join(f"{self.names[s]} ({len(f)} forces)" for s, f in self.groups.items())
        return f"{len(self.groups)} group{'s' if len(self.groups) > 1 else ''} of forces: {listed}"


def looks_like_groups(header_line: str) -> bool:
    return tuple(c.strip().lower() for c in header_line.split(",")) == HEADER


def parse_groups_csv(
    lines: Iterable[str], path: str
) -> tuple[ForceGroups | None, list[InputProblem]]:
    """The groups, or every problem in the file (refused whole on any)."""
    reader = csv.reader(lines)
    found = ForceGroups(path)
    problems: list[InputProblem] = []
    seen: dict[tuple[str, str], int] = {}
    try:
        header = tuple(h.strip().lower() for h in next(reader, []))
        if header != HEADER:
            return None, [
                InputProblem(path, f"header is {','.join(header)!r}; expected group,force", line=1)
            ]
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            line = reader.line_num
            if len(row) != 2 or not row[0].strip():
                problems.append(InputProblem(path, "expected a group name and a force", line=line))
                continue
            group, name = row[0].strip(), row[1].strip()
            force = find_force(name)
            if force is None or not force.force_area:
                close = suggest_forces(name)
                why = (
                    f"{name!r} is not a police force area: {force.note}"
                    if force
                    else f"unknown force {name!r}"
                )
                problems.append(
                    InputProblem(
                        path,
                        why + (f"; did you mean {', '.join(close)}?" if close else ""),
                        line=line,
                        column="force",
                    )
                )
                continue
            key = (group_slug(group), force.slug)
            if key in seen:
                problems.append(
                    InputProblem(
                        path,
                        f"{force.name} is already in {group!r} on line {seen[key]}",
                        line=line,
                        column="force",
                    )
                )
                continue
            seen[key] = line
            found.names.setdefault(key[0], group)
            found.groups.setdefault(key[0], []).append(force.slug)
    except csv.Error as exc:
        problems.append(InputProblem(path, f"not a well-formed CSV: {exc}", line=reader.line_num))
    if not problems and not found.groups:
        problems.append(InputProblem(path, "no groups: expected one line per group and force"))
    return (None, problems) if problems else (found, [])


def store_groups(db: Database, groups: ForceGroups) -> None:
    """Each group named replaces what it held before (inside the ingest's transaction)."""
    for slug, forces in groups.groups.items():
        store_group(db, slug, groups.names[slug], "group", forces)
