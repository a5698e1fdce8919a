"""The shared services this module uses, in one place (one seam for tests to watch).

- notifications: :func:`pintar.notify.notify` (in-app, e-mail held to office hours unless urgent).
  Messages of this module never carry account credentials.
- the working-day calendar: :func:`pintar.office.service.load_calendar`.
"""

from __future__ import annotations

from contextlib import asynccontextmanager
from typing import Any, AsyncIterator, Iterable

from pintar.db import engine
from pintar.notify import notify as _notify
from pintar.office.service import load_calendar as _load_calendar


async def notify(
    recipients: Iterable[int | str],
    message: str,
    link: str,
    *,
    subject: str | None = None,
    kind: str = "info",
    urgent: bool = False,
    obj: Any = None,
) -> None:
    await _notify(list(recipients), message, link, subject=subject, kind=kind, urgent=urgent, obj=obj)


async def load_calendar():
    return await _load_calendar()


@asynccontextmanager
async def read() -> AsyncIterator[None]:
    """The reads of one page on one connection (Piccolo's SQLite engine otherwise opens a
    connection per query, about a millisecond each). Load the calendar before entering: on a
    cold cache it may write (holiday import), which a read transaction should not do."""
    db = engine()
    if db.current_transaction.get() is not None:
        yield
        return
    async with db.transaction():
        yield
