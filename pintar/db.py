"""Database engine choice and transactions.

SQLite in ``var/`` is the embedded default; PostgreSQL is used when ``PINTAR_DATABASE_URL`` names
one. Writers that read and then write must use :func:`write_transaction`: on SQLite it takes the
write lock up front (``BEGIN IMMEDIATE``) so two writers never deadlock into "database is locked".
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
import weakref
from contextlib import asynccontextmanager
from typing import Any, AsyncIterator

from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from pintar.config import Settings, get_settings


class _Lease:
    """A pooled connection lent to one transaction: Piccolo's transaction closes its connection
    when it ends; closing a lease hands the connection back instead (it has just committed or
    rolled back, so it holds nothing)."""

    __slots__ = ("_connection", "_engine")

    def __init__(self, engine: "PooledSQLiteEngine", connection: Any) -> None:
        object.__setattr__(self, "_connection", connection)
        object.__setattr__(self, "_engine", engine)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._connection, name, value)

    async def close(self) -> None:
        await self._engine._give_back(self._connection)


class PooledSQLiteEngine(SQLiteEngine):
    """Piccolo's SQLite engine, keeping a few idle connections instead of opening one (and a
    thread) per query or transaction. Each connection serves one query or one transaction at a
    time; one that saw an error is closed, never reused."""

    IDLE_MAX = 8

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._idle: list[Any] = []

    async def _borrow(self) -> Any:
        return self._idle.pop() if self._idle else await self._connect()

    async def _give_back(self, connection: Any) -> None:
        if connection.in_transaction:  # a failed commit/rollback: do not hand it on
            await connection.close()
        elif len(self._idle) < self.IDLE_MAX:
            self._idle.append(connection)
        else:
            await connection.close()

    async def _run_in_new_connection(
        self,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: Any = None,
    ) -> Any:
        if _is_write(query):  # a single write outside a transaction: it waits its turn too
            async with write_turn():
                return await self._run_on_borrowed(query, args)
        return await self._run_on_borrowed(query, args)

    async def _run_on_borrowed(self, query: str, args: list[Any] | None) -> Any:
        connection = await self._borrow()
        try:
            async with connection.execute(query, args or []) as cursor:
                await connection.commit()
                rows = await cursor.fetchall()
        except BaseException:
            # Never hand on a connection that may hold half a transaction.
            try:
                await connection.close()
            finally:
                raise
        await self._give_back(connection)
        return rows

    async def get_connection(self) -> Any:
        """The connection a transaction runs on (Piccolo closes it at the end: a lease)."""
        return _Lease(self, await self._borrow())

    async def _connect(self) -> Any:
        import aiosqlite
        from piccolo.engine.sqlite import dict_factory

        pending = aiosqlite.connect(**self.connection_kwargs)
        # An idle pooled connection must not keep the process alive at exit.
        thread = getattr(pending, "_thread", None)
        if thread is not None and not thread.is_alive():
            thread.daemon = True
        connection = await pending
        connection.row_factory = dict_factory
        await connection.execute("PRAGMA foreign_keys = 1")
        return connection

    async def close_idle(self) -> None:
        while self._idle:
            await self._idle.pop().close()


def make_engine(settings: Settings | None = None) -> Engine:
    settings = settings or get_settings()
    if settings.is_postgres:
        return PostgresEngine(config={"dsn": settings.database_url})
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    path = str(settings.sqlite_path)
    # WAL lets readers go on while one writer writes; it is stored in the file, once is enough.
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
    return PooledSQLiteEngine(path=path, timeout=30)


_engine: Engine | None = None


def engine() -> Engine:
    """The engine every table uses, made once per process; ``piccolo_conf.DB`` is this object
    (so this module never imports ``piccolo_conf``, which imports it)."""
    global _engine
    if _engine is None:
        _engine = make_engine()
    return _engine


def is_sqlite() -> bool:
    return isinstance(engine(), SQLiteEngine)


# --- SQLite: one writer at a time, in arrival order -------------------------------------------
#
# SQLite lets one connection write at a time. Left to itself, a writer that finds the database
# locked sleeps in SQLite's busy handler (steps of up to 100 ms) and retries: nobody queues, a
# late writer may win, and under 20 steady writers single writes waited up to 9.5 s. So this
# process's writers take turns on an asyncio lock, which wakes waiters first come, first served;
# the database lock is then almost always free when a writer asks for it. The busy handler still
# arbitrates between processes (hence one web process on SQLite, see the README), and
# correctness never depends on the turn: the database's locks and constraints decide.

_write_turns: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock]" = (
    weakref.WeakKeyDictionary()
)
WRITE_WAITS: list[float] = []  # seconds each write waited for its turn (filled when measuring)
_measure = False


def measure_write_waits(on: bool = True) -> None:
    """Record every write's wait for its turn in :data:`WRITE_WAITS` (benchmarks)."""
    global _measure
    _measure = on
    WRITE_WAITS.clear()


def _turn_lock() -> asyncio.Lock:
    loop = asyncio.get_running_loop()
    lock = _write_turns.get(loop)
    if lock is None:
        lock = _write_turns[loop] = asyncio.Lock()
    return lock


@asynccontextmanager
async def write_turn() -> AsyncIterator[None]:
    """This process's turn to write to SQLite (no-op on PostgreSQL, and inside a transaction,
    which already holds the turn or runs on its own connection)."""
    db = engine()
    if not isinstance(db, SQLiteEngine) or db.current_transaction.get() is not None:
        yield
        return
    lock = _turn_lock()
    asked = time.perf_counter() if _measure else 0.0
    async with lock:
        if _measure:
            WRITE_WAITS.append(time.perf_counter() - asked)
        yield


_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")


def _is_write(query: str) -> bool:
    head = query.lstrip()[:8].upper()
    return head.startswith(_WRITES)


@asynccontextmanager
async def write_transaction() -> AsyncIterator[None]:
    """A transaction for read-then-write work; nested calls join the outer one.

    On SQLite it waits for this process's write turn (:func:`write_turn`, first come first
    served), then takes the database's write lock up front (``BEGIN IMMEDIATE``)."""
    db = engine()
    if isinstance(db, SQLiteEngine):
        current = db.current_transaction.get()
        if current is not None:
            yield
            return
        async with write_turn():
            async with db.transaction(transaction_type=TransactionType.immediate):
                yield
    else:
        async with db.transaction(allow_nested=True):
            yield


@asynccontextmanager
async def reading() -> AsyncIterator[None]:
    """The reads of one page on one connection and one consistent snapshot. SQLite's engine
    otherwise opens a connection (and a thread) per query, which costs more than most indexed
    queries themselves; in WAL mode a reader does not block writers. Inside a transaction it
    joins it. Load anything that may write on a cold cache (the office calendar) before."""
    db = engine()
    if db.current_transaction.get() is not None:
        yield
        return
    async with db.transaction():
        yield


# SQLite's extended result codes and PostgreSQL's SQLSTATEs of the integrity failures we tell
# apart. A NOT NULL or CHECK failure is neither: it is a bug or bad input, not "already taken".
_SQLITE_UNIQUE = {"SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY"}
_SQLITE_FOREIGN_KEY = {"SQLITE_CONSTRAINT_FOREIGNKEY"}
_PG_UNIQUE = {"23505", "23P01"}  # unique_violation, exclusion_violation (no two rows overlap)
_PG_FOREIGN_KEY = {"23503"}  # foreign_key_violation


def _integrity_kind(exc: BaseException, sqlite_names: set[str], sqlstates: set[str]) -> bool:
    if isinstance(exc, sqlite3.IntegrityError):
        return getattr(exc, "sqlite_errorname", None) in sqlite_names
    return getattr(exc, "sqlstate", None) in sqlstates  # asyncpg's PostgresError


def is_unique_violation(exc: BaseException) -> bool:
    """True only when ``exc`` is a unique or primary-key (or, on PostgreSQL, exclusion)
    constraint failure: the row is already taken. Other integrity failures are not."""
    return _integrity_kind(exc, _SQLITE_UNIQUE, _PG_UNIQUE)


def is_foreign_key_violation(exc: BaseException) -> bool:
    """True when ``exc`` says a referenced row does not exist (or is still referenced)."""
    return _integrity_kind(exc, _SQLITE_FOREIGN_KEY, _PG_FOREIGN_KEY)


async def start_pool() -> None:
    db = engine()
    if isinstance(db, PostgresEngine) and db.pool is None:
        await db.start_connection_pool(max_size=10)


async def close_pool() -> None:
    db = engine()
    if isinstance(db, PooledSQLiteEngine):
        await db.close_idle()
    if isinstance(db, PostgresEngine) and db.pool is not None:
        await db.close_connection_pool()
        db.pool = None


@asynccontextmanager
async def read_transaction() -> AsyncIterator[None]:
    """The reads of one screen on one connection (Piccolo's SQLite engine otherwise opens a
    connection per query, about a millisecond each); joins an outer transaction. Load the office
    calendar before entering: on a cold cache it may write (holiday import)."""
    db = engine()
    if db.current_transaction.get() is not None:
        yield
        return
    async with db.transaction():
        yield
