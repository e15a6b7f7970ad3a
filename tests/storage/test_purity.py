"""storage/ knows nothing of the layers above it: no detectors, messages or bot, no Slack and
no scheduler. What it keeps for them it keeps as plain rows."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "storage"
FORBIDDEN = ("detectors", "messages", "bot", "slack_bolt", "slack_sdk", "apscheduler")


def imported_modules(path: Path) -> set[str]:
    """Every module ``path`` imports, at the top or inside a function; relative imports are
    resolved against the storage package."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            names.add("storage" if node.level else node.module or "")
    return names


def sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_there_are_storage_modules_to_check():
    assert {"findings.py", "job_runs.py", "outbox.py"} <= {p.name for p in sources()}


@pytest.mark.parametrize("path", sources(), ids=lambda p: p.name)
def test_storage_imports_no_layer_above_it(path):
    for name in imported_modules(path):
        top = name.split(".")[0]
        assert top not in FORBIDDEN, f"{path.name} imports {name}"


def test_the_check_catches_an_import_from_above(tmp_path):
    # The same reading of a module that would break the rule, so the test above can fail.
    module = tmp_path / "leaky.py"
    module.write_text(
        "def load():\n    from detectors.finding import Finding\n    return Finding\n"
    )
    assert "detectors.finding" in imported_modules(module)
