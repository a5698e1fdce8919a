"""Shared fixtures: the migrated database, a clean slate per test, the app and its client."""

from __future__ import annotations

import asyncio
import datetime as dt
from contextlib import asynccontextmanager
from typing import AsyncIterator, Callable, Iterator

import httpx
import pytest
from litestar import Litestar
from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.conf.apps import Finder
from piccolo.table import sort_table_classes

from pintar import clock
from tests.helpers import Web

# Monday 23 November 2026, 09.00 WIB: the instant tests freeze the clock at unless they say.
FROZEN_AT = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


@pytest.fixture(scope="session")
async def migrated() -> AsyncIterator[None]:
    """Every migration, applied from zero (SQLite starts from an empty temp folder; the
    PostgreSQL test database is emptied first, so a run never builds on an older run's schema)."""
    from pintar import db

    await drop_all_tables()
    result = await run_forwards("all")
    assert result.success, result.message
    yield
    await db.close_pool()


async def drop_all_tables() -> None:
    from pintar import db

    if db.is_sqlite():
        return  # a fresh file in a fresh PINTAR_VAR_DIR per run
    rows = await db.engine().run_ddl(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
    )
    if rows:
        names = ", ".join(f'"{r["table_name"]}"' for r in rows)
        await db.engine().run_ddl(f"DROP TABLE IF EXISTS {names} CASCADE")


async def wipe_database() -> None:
    from pintar import db

    tables = sort_table_classes(Finder().get_table_classes())
    if db.is_sqlite():
        for table in reversed(tables):
            await table.raw(f"DELETE FROM {table._meta.tablename}")
        # Restart ids, as TRUNCATE ... RESTART IDENTITY does on PostgreSQL.
        has_sequence = await db.engine().run_ddl(
            "SELECT name FROM sqlite_master WHERE name = 'sqlite_sequence'"
        )
        if has_sequence:
            await db.engine().run_ddl("DELETE FROM sqlite_sequence")
    else:
        names = ", ".join(t._meta.tablename for t in tables)
        await db.engine().run_ddl(f"TRUNCATE {names} RESTART IDENTITY CASCADE")


@pytest.fixture(autouse=True)
async def clean_db(migrated: None) -> None:
    """Every test starts with an empty database holding only the office."""
    from pintar.office.service import ensure_office

    await wipe_database()
    await ensure_office("BPS Provinsi Bengkulu", "1700", "Asia/Jakarta")


@pytest.fixture
def app() -> Litestar:
    from pintar.web.app import create_app

    return create_app()


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    """The app in the test's own event loop (Litestar's AsyncTestClient runs it in another
    thread, where the PostgreSQL pool, bound to this loop, cannot be used)."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with running(app):
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver.local") as c:
            yield c


@asynccontextmanager
async def running(app: Litestar) -> AsyncIterator[None]:
    """Start and stop the app's lifespan inside one task (anyio's cancel scopes insist), while
    the test goes on in its own."""
    started, stop = asyncio.Event(), asyncio.Event()

    async def hold() -> None:
        async with app.lifespan():
            started.set()
            await stop.wait()

    task = asyncio.create_task(hold())
    waiter = asyncio.create_task(started.wait())
    await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        waiter.cancel()
        task.result()  # startup failed: raise its error here
    try:
        yield
    finally:
        stop.set()
        await task


@pytest.fixture
async def web(client: httpx.AsyncClient) -> Web:
    """A client that behaves like a browser: CSRF token, login, htmx requests."""
    return Web(client)


@pytest.fixture
def frozen_clock() -> Iterator[clock.FrozenClock]:
    """Portal Pintar's clock stopped at :data:`FROZEN_AT` (a working Monday morning in the
    office's zone); the test moves it with ``frozen_clock.set(...)`` / ``.advance(...)``."""
    with clock.frozen(FROZEN_AT) as frozen:
        yield frozen


@pytest.fixture
def setting(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str, str], None]]:
    """``setting("ZOOM_BUFFER_MINUTES", "0")``: set ``PINTAR_<NAME>`` and reload the settings
    (they are read once, in ``pintar.config``); restored after the test."""
    from pintar.config import reset_settings

    def set_(name: str, value: str) -> None:
        monkeypatch.setenv(f"PINTAR_{name}", value)
        reset_settings()

    yield set_
    reset_settings()
