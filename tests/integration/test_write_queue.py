"""Writers under load: on SQLite this process's writers take turns first come, first served
(an asyncio lock in front of the database's write lock), single writes and transactions alike;
nothing is lost and nobody is starved. Timings are for ``bench/integrity.py``, not asserted."""

from __future__ import annotations

import asyncio
from typing import AsyncIterator

import pytest
from piccolo.columns import Integer, Serial
from piccolo.table import Table

from pintar import db


class WriteProbe(Table, tablename="test_write_probe"):
    id = Serial(primary_key=True)
    writer = Integer()
    n = Integer()


@pytest.fixture
async def probe() -> AsyncIterator[type[WriteProbe]]:
    await WriteProbe.create_table(if_not_exists=True)
    await WriteProbe.delete(force=True)
    yield WriteProbe
    await WriteProbe.alter().drop_table(if_exists=True)


async def test_writers_take_turns_in_arrival_order(probe):
    await db.start_pool()
    try:
        hold = asyncio.Event()
        holding = asyncio.Event()

        async def first() -> None:
            async with db.write_transaction():
                await probe.insert(probe(writer=-1, n=0))
                holding.set()
                await hold.wait()

        async def writer(i: int) -> None:
            if i % 2:
                async with db.write_transaction():
                    await probe.insert(probe(writer=i, n=0))
            else:
                await probe.insert(probe(writer=i, n=0))  # a single write outside a transaction

        holder = asyncio.create_task(first())
        await holding.wait()
        writers = []
        for i in range(20):
            writers.append(asyncio.create_task(writer(i)))
            await asyncio.sleep(0.01)  # arrive one after another
        if db.is_sqlite():
            assert not any(w.done() for w in writers)  # they wait for their turn
        hold.set()
        await asyncio.gather(holder, *writers)
    finally:
        await db.close_pool()
    order = [r["writer"] for r in await probe.select(probe.writer).order_by(probe.id)]
    assert sorted(order) == [-1, *range(20)]
    if db.is_sqlite():
        assert order == [-1, *range(20)], "writers were not served in arrival order"


async def test_twenty_writers_lose_nothing(probe):
    await db.start_pool()
    try:
        async def writer(i: int) -> None:
            for n in range(25):
                if n % 2:
                    async with db.write_transaction():
                        count = await probe.count().where(probe.writer == i)
                        await probe.insert(probe(writer=i, n=count))
                else:
                    await probe.insert(probe(writer=i, n=-1))

        await asyncio.gather(*[writer(i) for i in range(20)])
    finally:
        await db.close_pool()
    assert await probe.count() == 20 * 25
    for i in range(20):
        inside = sorted(r["n"] for r in await probe.select(probe.n).where((probe.writer == i) & (probe.n >= 0)))
        assert len(inside) == 12 and len(set(inside)) == 12  # every read-then-write saw its own past
