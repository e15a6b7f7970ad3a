"""Run a command in a subprocess and measure its peak memory, worker processes included.

The command runs under a small Python parent of its own, which reports
``getrusage(RUSAGE_CHILDREN).ru_maxrss``: the largest resident set of the command and every
process it started and waited for. Measured there, not in the test process, whose own children
(other tests' subprocesses) would count too.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_PARENT = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "print(f'peak_kb={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}', file=sys.stderr)\n"
    "sys.exit(code)\n"
)


@dataclass(frozen=True)
class Measured:
    returncode: int
    output: str  # stdout and stderr
    peak_bytes: int


def run_measured(command: list[str], env: dict[str, str], timeout: float = 120) -> Measured:
    done = subprocess.run(
        [sys.executable, "-c", _PARENT, *command],
        check=False,  # the command's exit code is part of the answer
        cwd=ROOT,
        # The settings are the defaults but for ``env``, whatever the shell running the tests.
        env={**{k: v for k, v in os.environ.items() if not k.startswith("SCRUTINY_")}, **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    output, _, peak = done.stderr.rpartition("peak_kb=")
    return Measured(done.returncode, done.stdout + output, int(peak) * 1024)


def scrutiny(*args: str) -> list[str]:
    return [sys.executable, "-m", "bot.cli", *args]
