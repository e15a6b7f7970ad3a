"""Crash points for the crash tests: the process dies at once at a named point of a run.

``SCRUTINY_FAULT_POINT=sent`` exits at the first ``sent`` point, ``sent#3`` at the third. The
exit is ``os._exit``: no cleanup, no flushing, nothing recorded, as with a killed process.
"""

from __future__ import annotations

import os
import sys
import threading
from collections import Counter

FAULT_EXIT_CODE = 75

# The points, in the order a delivery passes them.
ENQUEUED = "enqueued"  # a run's deliveries are stored, nothing sent
CLAIMED = "claimed"  # a delivery is marked in doubt, not yet sent
SENT = "sent"  # Slack accepted it, nothing recorded
RECORDED = "recorded"  # its ts is stored
POINTS = (ENQUEUED, CLAIMED, SENT, RECORDED)


class FaultHook:
    def __init__(self, spec: str | None):
        self._name, self._nth = _parse(spec)
        self._seen: Counter[str] = Counter()
        self._lock = threading.Lock()

    def reached(self, point: str) -> None:
        if point != self._name:
            return
        with self._lock:
            self._seen[point] += 1
            if self._seen[point] == self._nth:
                print(
                    f"scrutiny: fault point {point}#{self._nth} reached, exiting",
                    file=sys.stderr,
                    flush=True,
                )
                os._exit(FAULT_EXIT_CODE)


def _parse(spec: str | None) -> tuple[str | None, int]:
    if not spec:
        return None, 0
    name, _, nth = spec.partition("#")
    if name not in POINTS:
        raise ValueError(f"unknown fault point {name!r}; expected one of {', '.join(POINTS)}")
    return name, int(nth or 1)
