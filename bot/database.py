"""One SQLite connection per thread.

Bolt listeners, the scheduler's jobs and the delivery loop run on different threads. Sharing one
connection would mix their transactions (sqlite-utils' ``atomic()`` nests into whatever
transaction the connection has open, whichever thread opened it), so each thread gets its own.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from storage.db import open_db

if TYPE_CHECKING:
    from sqlite_utils import Database


class Databases:
    def __init__(self, path: str | Path):
        if str(path) == ":memory:":
            raise ValueError("an in-memory database cannot be shared between threads")
        self.path = str(path)
        self._local = threading.local()
        open_db(self.path).close()  # create the file and apply migrations once, up front

    def get(self) -> Database:
        """This thread's connection, opened on first use."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = open_db(self.path)
        return db
