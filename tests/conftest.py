"""Fixtures shared by every test folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.db import open_db

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
LANCASHIRE = SHARED_DATA / "police-uk-street-lancashire-2019-2022"


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "test.db")
    yield database
    database.close()


@pytest.fixture(scope="session")
def lancashire_dir() -> Path:
    if not (LANCASHIRE / "lancashire-street-2019-12_2022-10.zip").exists():
        pytest.skip(f"real data not present at {LANCASHIRE} (only in the development workspace)")
    return LANCASHIRE
