"""Light commands start light: `scrutiny --help`, `areas` and `indicators` run without loading
the libraries of detection, charts and Slack (they cost seconds at start, and these commands
use none of them). Checked in a fresh interpreter, where nothing was imported before."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("pandas", "matplotlib", "ruptures", "statsmodels", "scipy", "slack_bolt", "slack_sdk")

# Runs the command as `scrutiny` does, then prints which heavy libraries it imported.
PROBE = """
import json, sys
sys.argv = ["scrutiny", *sys.argv[1:]]
from bot.cli import main
try:
    main()
except SystemExit:
    pass
finally:
    print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)), file=sys.stderr)
"""


def loaded_by(*args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    return json.loads(done.stderr.strip().splitlines()[-1])


def test_the_probe_sees_pandas_where_a_command_uses_it(tmp_path):
    # `series` reads a pandas Series (here of an unknown area: it fails after the import).
    assert "pandas" in loaded_by("--db", str(tmp_path / "light.db"), "series", "robbery", "x")


@pytest.mark.parametrize("command", [["--help"], ["areas"], ["indicators"], ["run", "--help"]])
def test_light_commands_load_no_heavy_library(command, tmp_path):
    assert loaded_by("--db", str(tmp_path / "light.db"), *command) == []
