"""The one place Portal Pintar reads the wall clock.

Rules never read the clock: they take ``now`` (an aware UTC datetime) from their caller.
Routes, sweeps/jobs and the CLI ask this module once per request or run and pass the answer on.

- :func:`now` is the current instant, aware, in UTC.
- :func:`local_now` and :func:`today` are that instant in the office's zone (pass the office
  calendar's ``tz``); a date meant for people is always the office's date, never the server's.

Tests freeze time explicitly with :func:`frozen` (or the ``clock`` fixture built on it), so the
suite gives the same answers whatever the machine's clock says. The clock is injected (a module
level source that :func:`frozen` swaps) rather than patched into ``datetime`` by a library such as
``time-machine``: only our own reads move, so the event loop, the database driver, Redis and file
modification times keep real time, and a frozen test cannot stall a timeout or a scheduler.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager

UTC = dt.timezone.utc


def system_now() -> dt.datetime:
    """The machine's clock, aware UTC. Use :func:`now`; this is the default source."""
    return dt.datetime.now(UTC)


_source: Callable[[], dt.datetime] = system_now


def now() -> dt.datetime:
    """The current instant, an aware datetime in UTC."""
    return _source().astimezone(UTC)


def local_now(tz: dt.tzinfo) -> dt.datetime:
    """The current instant in the zone ``tz`` (the office calendar's ``tz``)."""
    return now().astimezone(tz)


def today(tz: dt.tzinfo) -> dt.date:
    """Today's date in the zone ``tz``: the office's date, not the server's."""
    return local_now(tz).date()


def _aware(at: dt.datetime) -> dt.datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("the clock only holds aware datetimes")
    return at.astimezone(UTC)


class FrozenClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, at: dt.datetime) -> None:
        self.at = _aware(at)

    def __call__(self) -> dt.datetime:
        return self.at

    def set(self, at: dt.datetime) -> dt.datetime:
        self.at = _aware(at)
        return self.at

    def advance(self, delta: dt.timedelta | None = None, **parts: float) -> dt.datetime:
        """Move forward by ``delta`` or by ``timedelta(**parts)``; returns the new instant."""
        self.at = self.at + (delta if delta is not None else dt.timedelta(**parts))
        return self.at


@contextmanager
def frozen(at: dt.datetime) -> Iterator[FrozenClock]:
    """Freeze :func:`now` at ``at`` (aware) inside the block; yields the clock to move it."""
    global _source
    clock = FrozenClock(at)
    previous, _source = _source, clock
    try:
        yield clock
    finally:
        _source = previous
