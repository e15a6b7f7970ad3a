"""A write transaction that reads first waits for another writer instead of failing at once."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from storage.db import open_db
from storage.transactions import writing


@pytest.fixture
def two_connections(tmp_path):
    path = tmp_path / "t.db"
    first, second = open_db(path), open_db(path)
    first.execute("CREATE TABLE t (n INTEGER)")
    yield first, second
    first.close()
    second.close()


def test_a_deferred_transaction_that_read_before_another_write_fails_at_once(two_connections):
    # The failure the helper exists for, so that the test below can tell it apart.
    first, second = two_connections
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="database is locked"), first.atomic():
        first.execute("SELECT COUNT(*) FROM t").fetchone()
        second.execute("INSERT INTO t VALUES (1)")
        first.execute("INSERT INTO t VALUES (2)")
    assert time.monotonic() - started < 5  # not after the 30 s busy timeout: at once


def test_a_writing_transaction_makes_the_other_writer_wait(two_connections):
    first, second = two_connections
    done = threading.Event()

    def write_from_elsewhere() -> None:
        second.execute("INSERT INTO t VALUES (1)")
        done.set()

    with writing(first):
        count = first.execute("SELECT COUNT(*) FROM t").fetchone()[0]
        other = threading.Thread(target=write_from_elsewhere)
        other.start()
        assert not done.wait(0.3)  # held off by the write lock
        first.execute("INSERT INTO t VALUES (?)", [count + 10])
    other.join(timeout=10)
    assert done.is_set()
    assert sorted(r[0] for r in first.execute("SELECT n FROM t")) == [1, 10]


def test_a_writing_transaction_rolls_back_on_error(two_connections):
    first, _ = two_connections
    with pytest.raises(RuntimeError), writing(first):
        first.execute("INSERT INTO t VALUES (1)")
        raise RuntimeError("stop")
    assert first.execute("SELECT COUNT(*) FROM t").fetchone()[0] == 0
    assert not first.conn.in_transaction


def test_inside_an_open_transaction_it_is_a_savepoint(two_connections):
    first, _ = two_connections
    with first.atomic():
        with pytest.raises(RuntimeError), writing(first):
            first.execute("INSERT INTO t VALUES (1)")
            raise RuntimeError("undo the inner part only")
        first.execute("INSERT INTO t VALUES (2)")
    assert [r[0] for r in first.execute("SELECT n FROM t")] == [2]
