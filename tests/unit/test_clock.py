"""The clock: the one reader of the wall clock, and how tests stop it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from pintar import clock

WIB = ZoneInfo("Asia/Jakarta")
WIT = ZoneInfo("Asia/Jayapura")


def test_now_is_aware_utc_and_follows_the_machine() -> None:
    before = dt.datetime.now(dt.timezone.utc)
    now = clock.now()
    after = dt.datetime.now(dt.timezone.utc)
    assert now.utcoffset() == dt.timedelta(0)
    assert before <= now <= after


def test_frozen_clock_stands_still_and_moves_only_when_told() -> None:
    at = dt.datetime(2026, 11, 23, 9, 0, tzinfo=WIB)
    with clock.frozen(at) as frozen:
        assert clock.now() == at and clock.now().tzinfo == dt.timezone.utc
        assert clock.now() == clock.now()
        assert frozen.advance(minutes=90) == at + dt.timedelta(minutes=90)
        assert clock.local_now(WIB) == dt.datetime(2026, 11, 23, 10, 30, tzinfo=WIB)
        frozen.set(dt.datetime(2027, 1, 1, tzinfo=dt.timezone.utc))
        assert clock.now() == dt.datetime(2027, 1, 1, tzinfo=dt.timezone.utc)
    assert abs(clock.now() - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(seconds=5)


def test_today_is_the_offices_date_not_the_servers() -> None:
    # 18.30 UTC on 31 December is already 1 January in Jakarta (UTC+7) and Jayapura (UTC+9).
    with clock.frozen(dt.datetime(2026, 12, 31, 18, 30, tzinfo=dt.timezone.utc)):
        assert clock.today(WIB) == dt.date(2027, 1, 1)
        assert clock.today(WIT) == dt.date(2027, 1, 1)
        assert clock.today(dt.timezone.utc) == dt.date(2026, 12, 31)
        assert clock.local_now(WIT).hour == 3


def test_frozen_clocks_nest_and_unwind() -> None:
    outer = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    inner = dt.datetime(2030, 6, 1, tzinfo=dt.timezone.utc)
    with clock.frozen(outer):
        with clock.frozen(inner):
            assert clock.now() == inner
        assert clock.now() == outer


def test_a_naive_instant_is_refused() -> None:
    with pytest.raises(ValueError):
        with clock.frozen(dt.datetime(2026, 11, 23, 9, 0)):
            pass


def test_the_fixture_freezes_a_working_monday(frozen_clock: clock.FrozenClock) -> None:
    assert clock.local_now(WIB) == dt.datetime(2026, 11, 23, 9, 0, tzinfo=WIB)
    assert clock.today(WIB).weekday() == 0
    frozen_clock.advance(days=1)
    assert clock.today(WIB) == dt.date(2026, 11, 24)


def test_nothing_in_pintar_reads_the_wall_clock_but_the_clock_module() -> None:
    import pathlib
    import re

    root = pathlib.Path(clock.__file__).parent
    reads = re.compile(r"datetime\.now\(|datetime\.utcnow\(|date\.today\(|\btime\.time\(|def utcnow\(")
    offenders = [
        f"{path.relative_to(root)}:{n}"
        for path in root.rglob("*.py")
        if path != pathlib.Path(clock.__file__)
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if reads.search(line)
    ]
    assert offenders == []
