"""Write transactions that wait their turn.

sqlite-utils' ``atomic()`` opens a deferred transaction (``BEGIN``). In WAL mode, one that reads
and then writes fails at once with "database is locked", without waiting for the busy timeout,
when another connection has written since its read: its snapshot is stale. A transaction that
takes the write lock at its start (``BEGIN IMMEDIATE``) waits for the lock instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database


@contextmanager
def writing(db: Database) -> Iterator[Database]:
    """A transaction holding the write lock from its start; a savepoint inside an open one."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.commit()
