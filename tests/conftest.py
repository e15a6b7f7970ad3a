"""Fixtures shared by every test folder, and the rule on skipped tests.

Tests that need the large real data kept outside the repository (``../shared/data``, or
``SCRUTINY_SHARED_DATA``) skip through ``needs_shared_data`` when it is absent, saying so. With
``SCRUTINY_NO_SKIPS=1`` (set by ``.ci/run``) every other skip is a failure: a test that CI
expects to run (the browser test, say) cannot pass silently by not running.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from storage.db import open_db

SHARED_DATA = Path(
    os.environ.get("SCRUTINY_SHARED_DATA")
    or Path(__file__).resolve().parents[2] / "shared" / "data"
)
LANCASHIRE = SHARED_DATA / "police-uk-street-lancashire-2019-2022"
NEEDS_SHARED = "needs ../shared/data"


def needs_shared_data(path: Path) -> Path:
    """``path`` under the shared data folder, or skip the test when it is absent."""
    if not path.exists():
        pytest.skip(f"{NEEDS_SHARED}: {path} is absent (large real data kept outside the repo)")
    return path


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if not (report.skipped and os.environ.get("SCRUTINY_NO_SKIPS") == "1"):
        return
    reason = str(report.longrepr[2]) if isinstance(report.longrepr, tuple) else ""
    if reason.startswith(f"Skipped: {NEEDS_SHARED}") and not SHARED_DATA.exists():
        return  # a clone without the shared data: only these may skip
    report.outcome = "failed"
    report.longrepr = f"skipped where SCRUTINY_NO_SKIPS=1 requires it to run: {reason}"


@pytest.fixture
def db(tmp_path):
    database = open_db(tmp_path / "test.db")
    yield database
    database.close()


@pytest.fixture(scope="session")
def lancashire_dir() -> Path:
    return needs_shared_data(LANCASHIRE / "lancashire-street-2019-12_2022-10.zip").parent
