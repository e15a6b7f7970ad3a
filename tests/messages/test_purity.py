"""messages/ stays pure: no database, Slack, scheduler or bot imports, and no pyplot state."""

from __future__ import annotations

import ast
from pathlib import Path

import messages

FORBIDDEN = {
    "storage",
    "bot",
    "sqlite3",
    "sqlite_utils",
    "slack_bolt",
    "slack_sdk",
    "apscheduler",
    "matplotlib.pyplot",
}


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_messages_imports_nothing_impure():
    for path in Path(messages.__file__).parent.rglob("*.py"):
        for name in imported_modules(path):
            assert not any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN), (
                path.name,
                name,
            )
