"""The pooled SQLite engine in pintar.db leans on Piccolo's and aiosqlite's internals: which
method runs a query outside a transaction, that a transaction takes its connection from
``engine.get_connection()`` and closes it at the end, aiosqlite's worker thread. These tests fail
loudly if an upgrade of either changes that. They run on a scratch SQLite file on both engines."""

from __future__ import annotations

import asyncio
import contextvars
import inspect
import sqlite3
import threading

import aiosqlite
import pytest
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from pintar.db import PooledSQLiteEngine


@pytest.fixture
async def pool(tmp_path):
    engine = PooledSQLiteEngine(path=str(tmp_path / "pool.sqlite3"), timeout=30)
    opened: list[aiosqlite.Connection] = []
    connect = engine._connect

    async def counting_connect():
        connection = await connect()
        opened.append(connection)
        return connection

    engine._connect = counting_connect
    engine.opened = opened
    await engine.run_ddl("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
    await engine.run_ddl("CREATE TABLE child (id INTEGER PRIMARY KEY, t INTEGER REFERENCES t(id))")
    yield engine
    await engine.close_idle()


async def test_piccolo_still_has_the_hooks_the_pool_overrides(pool) -> None:
    ours = inspect.signature(PooledSQLiteEngine._run_in_new_connection)
    theirs = inspect.signature(SQLiteEngine._run_in_new_connection)
    assert list(ours.parameters) == list(theirs.parameters) == ["self", "query", "args", "query_type", "table"]
    assert inspect.iscoroutinefunction(SQLiteEngine.get_connection)
    # write_transaction joins an open transaction through this context variable
    assert isinstance(pool.current_transaction, contextvars.ContextVar)
    assert pool.current_transaction.get() is None
    async with pool.transaction(transaction_type=TransactionType.immediate) as tx:
        assert pool.current_transaction.get() is tx


async def test_queries_outside_a_transaction_reuse_one_connection(pool) -> None:
    for n in range(20):
        await pool.run_ddl(f"INSERT INTO t (v) VALUES ('{n}')")
    rows = await pool.run_ddl("SELECT id, v FROM t ORDER BY id")
    assert rows[0] == {"id": 1, "v": "0"} and len(rows) == 20  # Piccolo's dict rows
    assert len(pool.opened) == 1 and len(pool._idle) == 1


async def test_a_transaction_borrows_a_pooled_connection_and_gives_it_back(pool) -> None:
    await pool.run_ddl("SELECT 1")
    async with pool.transaction():
        await pool.run_ddl("INSERT INTO t (v) VALUES ('a')")
        assert pool._idle == []  # lent to the transaction
    assert len(pool.opened) == 1 and len(pool._idle) == 1
    assert not pool._idle[0].in_transaction
    assert await pool.run_ddl("SELECT v FROM t") == [{"v": "a"}]


async def test_a_rolled_back_transaction_leaves_nothing_and_the_connection_is_reused(pool) -> None:
    with pytest.raises(RuntimeError):
        async with pool.transaction():
            await pool.run_ddl("INSERT INTO t (v) VALUES ('b')")
            raise RuntimeError("stop")
    assert await pool.run_ddl("SELECT COUNT(*) AS n FROM t") == [{"n": 0}]
    assert len(pool.opened) == 1


async def test_a_connection_that_saw_an_error_is_closed_not_reused(pool) -> None:
    await pool.run_ddl("SELECT 1")
    with pytest.raises(sqlite3.IntegrityError):
        await pool.run_ddl("INSERT INTO t (v) VALUES (NULL)")
    assert pool._idle == []
    await pool.run_ddl("SELECT 1")
    assert len(pool.opened) == 2


async def test_pooled_connections_enforce_foreign_keys(pool) -> None:
    assert await pool.run_ddl("PRAGMA foreign_keys") == [{"foreign_keys": 1}]
    with pytest.raises(sqlite3.IntegrityError) as caught:
        await pool.run_ddl("INSERT INTO child (t) VALUES (42)")
    assert caught.value.sqlite_errorname == "SQLITE_CONSTRAINT_FOREIGNKEY"


async def test_concurrent_queries_each_get_their_own_connection(pool) -> None:
    await asyncio.gather(*(pool.run_ddl("SELECT 1") for _ in range(4)))
    assert 1 < len(pool.opened) <= 4
    assert len(pool._idle) == len(pool.opened) <= PooledSQLiteEngine.IDLE_MAX


async def test_an_idle_connection_does_not_keep_the_process_alive(pool) -> None:
    await pool.run_ddl("SELECT 1")
    thread = getattr(pool.opened[0], "_thread", None)
    assert isinstance(thread, threading.Thread), "aiosqlite no longer keeps its worker in _thread"
    assert thread.daemon and thread.is_alive()
