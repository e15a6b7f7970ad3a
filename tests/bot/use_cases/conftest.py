"""The bundled real Lancashire counts loaded and run as ``scrutiny demo`` does, once a session
(about half a minute): shared by the tests of the runs' alerts and of the last month's digest."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pytest

from bot.use_cases import RunResult, backfill
from storage.db import open_db
from storage.demo_data import write_demo_files
from storage.ingest import ingest, list_inputs
from tests.ingest_time import NOW

FIRST, LAST = "2019-12", "2022-10"


@dataclass(frozen=True)
class RealRuns:
    db_path: Path
    results: list[RunResult]  # every month's run, FIRST to LAST


@pytest.fixture(scope="session")
def real_runs(tmp_path_factory) -> RealRuns:
    folder = tmp_path_factory.mktemp("real")
    write_demo_files(folder / "data")
    areas = Path(str(resources.files("storage").joinpath("data", "lancashire-areas.csv")))
    path = folder / "real.db"
    db = open_db(path)
    ingest(db, list_inputs([folder / "data"], areas), now=NOW)
    results = backfill(db, FIRST, LAST)
    db.close()
    return RealRuns(path, results)
