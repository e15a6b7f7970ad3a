"""An analyst's indicators file: the built-in catalogue's columns, checked like any input.

``slug,name,noun,theme,unit,bad_direction,sensitive[,measure][,components][,aliases]``. A row
whose slug is built in overrides it; any other extends the catalogue (long-format data, or a
total of police.uk categories when it has components). Loading a file replaces the one loaded
before; nothing is stored unless the whole file is right.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import cast

from sqlite_utils import Database

from storage.areas import slugify
from storage.catalogue import (
    DIRECTIONS,
    MEASURES,
    THEMES,
    UNITS,
    Definition,
    Indicator,
    Measure,
    builtin_indicators,
    indicators,
    split_aliases,
    with_definitions,
)
from storage.csv_rows import MAX_PROBLEMS, DataRows
from storage.errors import IngestError, InputProblem, decode_text

REQUIRED = ("slug", "name", "noun", "theme", "unit", "bad_direction", "sensitive")
OPTIONAL = ("measure", "components", "aliases")
_BOOLEANS = {"true": True, "false": False}


@dataclass(frozen=True)
class IndicatorFile:
    path: str
    definitions: tuple[Definition, ...]

    def catalogue(self) -> dict[str, Indicator]:
        """The catalogue once this file is loaded: the built-in one with its definitions."""
        return with_definitions(builtin_indicators(), self.definitions)

    def summary(self) -> str:
        built_in = builtin_indicators()
        overrides = sum(1 for d in self.definitions if d.slug in built_in)
        return (
            f"Loaded {len(self.definitions)} indicator definitions from {self.path} "
            f"({len(self.definitions) - overrides} new, {overrides} overriding built-ins)"
        )


def read_indicator_file(data: bytes, path: str) -> IndicatorFile:
    """The file's definitions; raises IngestError naming every problem's line and column."""
    text = decode_text(data, path, "an indicators CSV")
    if isinstance(text, InputProblem):
        raise IngestError([text])
    found, problems = parse_indicator_csv(text, path)
    if problems:
        raise IngestError(problems)
    return found


def parse_indicator_csv(text: str, path: str) -> tuple[IndicatorFile, list[InputProblem]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    expected = f"{','.join(REQUIRED)} and optionally {', '.join(OPTIONAL)}"
    unknown = [h for h in header if h not in (*REQUIRED, *OPTIONAL)]
    missing = [h for h in REQUIRED if h not in header]
    if not header or unknown or missing or len(set(header)) != len(header):
        said = f"header is {','.join(header)!r}" if header else "the file is empty"
        return IndicatorFile(path, ()), [InputProblem(path, f"{said}; expected {expected}", 1)]
    data = DataRows(reader, path, len(header))
    rows = [(data.line, dict(zip(header, row, strict=True))) for row in data]
    problems = data.problems
    if not rows and not problems:
        problems.append(InputProblem(path, "the file has a header but no rows", 1))
    checker = _Checker(path, rows)
    definitions = checker.definitions()
    return IndicatorFile(path, tuple(definitions)), (problems + checker.problems)[:MAX_PROBLEMS]


class _Checker:
    """Each row checked alone, then against the others and the built-in catalogue."""

    def __init__(self, path: str, rows: list[tuple[int, dict[str, str]]]):
        self.path = path
        self.rows = rows
        self.problems: list[InputProblem] = []

    def problem(self, line: int, column: str, message: str) -> None:
        self.problems.append(InputProblem(self.path, message, line, column))

    def definitions(self) -> list[Definition]:
        built_in = builtin_indicators()
        lines: dict[str, int] = {}
        checked: list[tuple[int, Definition]] = []
        for line, cells in self.rows:
            slug = cells["slug"]
            if slug in lines:
                self.problem(
                    line,
                    "slug",
                    f"duplicate slug {slug!r}: also defined on line {lines[slug]}; expected one "
                    "row per indicator",
                )
                continue
            lines[slug] = line
            definition = self._row(line, cells)
            if definition is not None:
                checked.append((line, definition))
        known: dict[str, Indicator | Definition] = {**built_in}
        known.update({d.slug: d for _, d in checked})
        # The names people type for each indicator once the file is loaded: an alias must name
        # no other (bot.use_cases.names tries slugs, names and nouns before aliases). A row that
        # overrides a built-in replaces its aliases.
        names: dict[str, str] = {
            slugify(text): s for s, i in known.items() for text in (i.name, i.noun)
        }
        taken: dict[str, str] = {
            slugify(alias): s for s, i in built_in.items() if s not in lines for alias in i.aliases
        }
        for line, d in checked:
            self._against_built_in(line, d, built_in.get(d.slug))
            for component in d.components:
                self._component(line, d, component, known)
            if d.components and (d.unit != "count" or d.measure != "flow"):
                self.problem(line, "measure", f"{d.slug} sums crimes: expected unit count, flow")
            for alias in d.aliases:
                key = slugify(alias)
                owner = known.get(key)
                clash = (
                    key
                    if owner is not None and key != d.slug
                    else (taken.get(key) or names.get(key))
                )
                if clash and clash != d.slug:
                    self.problem(
                        line,
                        "aliases",
                        f"alias {alias!r} already names {clash!r}; expected a name no other "
                        "indicator has",
                    )
                taken[key] = d.slug
        return [d for _, d in checked]

    def _row(self, line: int, cells: dict[str, str]) -> Definition | None:
        before = len(self.problems)
        slug = cells["slug"]
        if not slug or slugify(slug) != slug:
            self.problem(
                line,
                "slug",
                f"slug is {slug!r}; expected lower-case letters, digits and hyphens "
                f"(such as {slugify(slug) or 'missing-persons'!r})",
            )
        for column in ("name", "noun"):
            if not cells[column]:
                self.problem(line, column, f"{column} is empty; expected text")
        theme = next((t for t in THEMES if t.lower() == cells["theme"].lower()), None)
        if theme is None:
            self.problem(
                line,
                "theme",
                f"unknown theme {cells['theme']!r}; expected one of {'; '.join(THEMES)}",
            )
        unit = cells["unit"].lower()
        if unit not in UNITS:
            self.problem(
                line, "unit", f"unknown unit {cells['unit']!r}; expected {' or '.join(UNITS)}"
            )
        direction = cells["bad_direction"].lower()
        if direction not in DIRECTIONS:
            self.problem(
                line,
                "bad_direction",
                f"bad_direction is {cells['bad_direction']!r}; expected up or down (which way "
                "is worse for the public)",
            )
        sensitive = _BOOLEANS.get(cells["sensitive"].lower())
        if sensitive is None:
            self.problem(
                line, "sensitive", f"sensitive is {cells['sensitive']!r}; expected true or false"
            )
        measure = cells.get("measure", "").lower() or (
            "proportion" if unit == "proportion" else "flow"
        )
        if measure not in MEASURES:
            self.problem(
                line,
                "measure",
                f"unknown measure {cells['measure']!r}; expected {', '.join(MEASURES)}",
            )
        elif unit in UNITS and (measure == "proportion") != (unit == "proportion"):
            self.problem(
                line,
                "measure",
                f"measure {measure} with unit {unit}: a proportion's measure is proportion, a "
                "count's flow or stock",
            )
        if len(self.problems) > before:
            return None
        return Definition(
            slug=slug,
            name=cells["name"],
            noun=cells["noun"],
            theme=cast(str, theme),
            unit=unit,  # type: ignore[arg-type]
            bad_direction=direction,  # type: ignore[arg-type]
            sensitive=bool(sensitive),
            measure=cast(Measure, measure),
            components=tuple(cells.get("components", "").split()),
            aliases=split_aliases(cells.get("aliases", "")),
        )

    def _against_built_in(self, line: int, d: Definition, known: Indicator | None) -> None:
        """A police.uk category stays what data.police.uk counts."""
        if known is None or known.source != "police-uk":
            return
        if d.components:
            self.problem(
                line,
                "components",
                f"{d.slug} is a data.police.uk category: it is counted, not summed; expected "
                "no components",
            )
        if d.unit != "count" or d.measure != "flow":
            self.problem(
                line,
                "unit" if d.unit != "count" else "measure",
                f"{d.slug} is a data.police.uk category: expected unit count, measure flow",
            )

    def _component(
        self, line: int, d: Definition, component: str, known: dict[str, Indicator | Definition]
    ) -> None:
        found = known.get(component)
        categories = [s for s, i in builtin_indicators().items() if i.source == "police-uk"]
        if found is None:
            self.problem(
                line,
                "components",
                f"component {component!r} does not exist; expected slugs of data.police.uk "
                f"categories ({', '.join(categories)})",
            )
        elif component == d.slug or not (
            isinstance(found, Indicator) and found.source == "police-uk"
        ):
            self.problem(
                line,
                "components",
                f"component {component!r} is not a data.police.uk category: a total sums "
                f"categories ({', '.join(categories)})",
            )


def store_indicator_file(db: Database, file: IndicatorFile) -> None:
    """Replace the loaded indicators file with ``file`` (inside the caller's transaction).

    Refused (IngestError) when the values already loaded would no longer read: an indicator
    with values dropped from the catalogue, or its unit changed under them."""
    before, after = indicators(db), file.catalogue()
    problems = []
    for slug, n in db.execute(
        "SELECT indicator, COUNT(*) FROM measures GROUP BY indicator"
    ).fetchall():
        if slug in before and slug not in after:
            problems.append(
                InputProblem(
                    file.path,
                    f"{slug} is not in the file, but {n:,} values of it are loaded; expected "
                    "its definition to stay",
                )
            )
        elif slug in before and before[slug].unit != after[slug].unit:
            problems.append(
                InputProblem(
                    file.path,
                    f"{slug} is loaded as a {before[slug].unit} ({n:,} values); expected unit "
                    f"{before[slug].unit}",
                    column="unit",
                )
            )
    if problems:
        raise IngestError(problems)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    db.execute("DELETE FROM indicator_definitions")
    db.table("indicator_definitions").insert_all(
        {
            "slug": d.slug,
            "position": position,
            "name": d.name,
            "noun": d.noun,
            "theme": d.theme,
            "unit": d.unit,
            "bad_direction": d.bad_direction,
            "sensitive": int(d.sensitive),
            "measure": d.measure,
            "components": " ".join(d.components),
            "aliases": "; ".join(d.aliases),
            "path": file.path,
            "loaded_at": now,
        }
        for position, d in enumerate(file.definitions)
    )
