"""The time tests ingest at: storage is given the time, never reads a clock, so a test's
plausible months (up to this month) do not move with the calendar."""

from datetime import UTC, datetime

NOW = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
