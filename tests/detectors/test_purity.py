"""detectors/ is pure: no storage, bot, database, Slack, clock, files or network."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "detectors"
FORBIDDEN_MODULES = (
    "storage",
    "bot",
    "messages",
    "sqlite3",
    "sqlite_utils",
    "slack_sdk",
    "slack_bolt",
    "requests",
    "urllib",
    "socket",
    "os",
    "time",
    "datetime",
    "random",
    "pathlib",
    "logging",
)
FORBIDDEN_CALLS = ("open", "print", "input")


def _sources():
    return sorted(PACKAGE.glob("*.py"))


@pytest.mark.parametrize("path", _sources(), ids=lambda p: p.name)
def test_no_forbidden_imports(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        for name in names:
            assert name.split(".")[0] not in FORBIDDEN_MODULES, f"{path.name} imports {name}"


@pytest.mark.parametrize("path", _sources(), ids=lambda p: p.name)
def test_no_io_calls_and_no_catch_all(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in FORBIDDEN_CALLS, f"{path.name} calls {node.func.id}"
        if isinstance(node, ast.ExceptHandler):
            assert node.type is not None and getattr(node.type, "id", "") != "Exception"


def test_ruptures_only_in_the_change_point_module():
    users = [p.name for p in _sources() if "ruptures" in p.read_text()]
    assert users == ["change_points.py"]


def test_settings_and_findings_are_frozen():
    import dataclasses

    from detectors import Evidence, Finding, Limits, Settings, YearOnYear

    for cls in (Settings, Finding, Evidence, Limits, YearOnYear):
        assert dataclasses.fields(cls) and cls.__dataclass_params__.frozen
