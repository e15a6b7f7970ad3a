"""A run's series, read in one pass over each table, are the series read one query at a time.

On the bundled real Lancashire months (ingested as street files, with the Lancashire areas
file), a second force whose files stray into a Lancashire district, crimes with no location,
and long-format counts and proportions: every series the run takes, its denominators and each
force's counts and share of unlocated crimes, compared with the per-series functions.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pandas as pd
import pytest

from bot.use_cases.detection import load_inputs, series_input
from storage.areas import list_areas
from storage.catalogue import indicators
from storage.db import open_db
from storage.demo_data import write_demo_files
from storage.ingest import ingest, list_inputs
from storage.series import AllSeries, available_series, unlocated_series
from tests.ingest_time import NOW
from tests.storage.street_files import street_row, write_street_file

NEIGHBOUR = "Cumbria Constabulary"


def _neighbour_files(folder: Path) -> None:
    """Cumbria for four months (one not loaded): its own districts, some crimes in Lancaster
    (a Lancashire district), some with no location."""
    for month, extra in (("2021-01", 0), ("2021-02", 2), ("2021-04", 5)):
        rows = [
            *[street_row(month, "Burglary", "Carlisle 001A", **_falls())] * (3 + extra),
            *[street_row(month, "Robbery", "Lancaster 002B", **_falls())] * (1 + extra),
            *[street_row(month, "Drugs", "", **_falls())] * 2,
            *[street_row(month, "Anti-social behaviour", "Eden 003C", **_falls())] * 4,
        ]
        write_street_file(folder, month, rows, force="cumbria")
    (folder / "cumbria-areas.csv").write_text(
        "local_authority,division\nCarlisle,North Cumbria\nEden,North Cumbria\n"
    )


def _falls() -> dict[str, str]:
    return {"Reported by": NEIGHBOUR, "Falls within": NEIGHBOUR}


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    write_demo_files(folder / "lancashire")
    _neighbour_files(folder / "cumbria")
    (folder / "long.csv").write_text(
        "month,indicator,area,value,denominator\n"
        "2021-01,victim-satisfaction,lancashire,410,500\n"
        "2021-03,victim-satisfaction,lancashire,380,490\n"
        "2021-01,police-officers,lancashire,3100,\n"
        "2021-02,police-officers,lancashire,3120,\n"
        "2021-02,ksi-casualties,blackpool,12,\n"
    )
    db = open_db(folder / "inputs.db")
    areas = Path(str(resources.files("storage").joinpath("data", "lancashire-areas.csv")))
    ingest(db, list_inputs([folder / "lancashire"], areas), now=NOW)
    ingest(db, list_inputs([folder / "cumbria"], folder / "cumbria" / "cumbria-areas.csv"), now=NOW)
    ingest(db, list_inputs([folder / "long.csv"]), now=NOW)
    return db


def one_by_one(db):
    catalogue = indicators(db)
    areas = {a.slug: a for a in list_areas(db)}
    found = [
        series_input(db, catalogue[i], areas[a])
        for i, a in available_series(db)
        if i in catalogue and a in areas
    ]
    return [s for s in found if s is not None]


def test_the_fixture_has_what_the_comparison_needs(loaded):
    kinds = {(s.level, s.unit) for s in load_inputs(loaded).series}
    assert {("force", "count"), ("division", "count"), ("district", "count")} <= kinds
    assert ("force", "proportion") in kinds
    assert {s.area for s in load_inputs(loaded).series} >= {"cumbria", "lancaster", "carlisle"}


def test_every_series_is_the_one_read_by_itself(loaded):
    bulk, single = load_inputs(loaded).series, one_by_one(loaded)
    assert [(s.indicator, s.area) for s in bulk] == [(s.indicator, s.area) for s in single]
    for fast, slow in zip(bulk, single, strict=True):
        assert (fast.unit, fast.breaks, fast.worse, fast.level) == (
            slow.unit,
            slow.breaks,
            slow.worse,
            slow.level,
        )
        # Counts are exact; a division's share of unlocated crimes adds its parts in another
        # order, which may differ in the last bits.
        pd.testing.assert_series_equal(fast.values, slow.values, check_exact=False, rtol=1e-12)
        if slow.level == "force" or fast.unit == "proportion":
            pd.testing.assert_series_equal(fast.values, slow.values, check_exact=True)
        if slow.denominators is None:
            assert fast.denominators is None
        else:
            pd.testing.assert_series_equal(fast.denominators, slow.denominators)


def test_each_forces_counts_and_unlocated_share_are_read_alike(loaded):
    context = load_inputs(loaded).context
    assert set(context.forces) == {"lancashire", "cumbria"}
    everything = AllSeries(loaded)
    for force in context.forces:
        pd.testing.assert_series_equal(everything.unlocated(force), unlocated_series(loaded, force))
    for force, data in context.forces.items():
        for category, values in data.counts.items():
            single = series_input(loaded, indicators(loaded)[category], everything.areas[force])
            assert single is not None
            pd.testing.assert_series_equal(values, single.values, check_names=False)
