"""A fingerprint of everything stored, to show that refused input changed nothing."""

from __future__ import annotations

import hashlib


def table_hashes(db) -> dict[str, str]:
    """The SHA-256 of every table's rows (sorted, so row order does not matter)."""
    tables = [
        row[0]
        for row in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    hashes = {}
    for table in sorted(tables):
        rows = sorted(repr(tuple(r)) for r in db.execute(f"SELECT * FROM [{table}]").fetchall())
        hashes[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return hashes
