"""The office's working-day calendar: pure arithmetic over days and office hours, no database.

Build one with :func:`pintar.office.workdays.load_calendar` (it reads the office's hours, hour overrides, holidays and
closures, and caches the result per process), then ask it questions::

    cal = await load_calendar()
    cal.is_working_day(dt.date(2026, 8, 17))            # False: Hari Kemerdekaan
    cal.add_working_days(dt.date(2026, 11, 20), 3)      # Wednesday 25 November 2026
    cal.business_time_between(opened_at, closed_at)     # office-hours time, a timedelta
    cal.add_business_minutes(opened_at, 30)             # the SLA deadline of a 30-minute step

Conventions:

- A day is a working day when its weekday has office hours and it is not a closed day (a
  national holiday, a cuti bersama day counted as a day off, or an office closure).
- Office hours are the half-open interval ``[opens, closes)`` of the day's local time in
  ``tz``; an :class:`HoursOverrideSpec` covering the day replaces them (a weekday-specific
  override beats one for every weekday, ``-1``; among equals the later one in the sequence wins).
  Overrides change hours of working days; they never open a closed day.
- Day counting is cumulative: with ``W(d)`` the number of working days up to and including
  ``d``, ``working_days_between(a, b) == W(b) - W(a)``; it is additive and antisymmetric.
  ``add_working_days(d, n)`` (``n != 0``) is the working day ``r`` with
  ``working_days_between(d, r) == n`` (for negative ``n``, the latest such day). So
  ``add_working_days(monday, -1)`` is the Friday before, and ``add_working_days(saturday, -1)``
  is Thursday (exactly one working day, Friday, lies in ``(Thursday, Saturday]``).
- Durations are computed on UTC instants, so they are right in any zone, with or without DST.
  Every datetime argument must be timezone-aware; results are aware in ``tz``.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass
from typing import Mapping, Sequence
from zoneinfo import ZoneInfo

__all__ = ["HoursOverrideSpec", "WorkCalendar"]

_UTC = dt.timezone.utc
_ONE_DAY = dt.timedelta(days=1)
_ZERO = dt.timedelta(0)


@dataclass(frozen=True)
class HoursOverrideSpec:
    """Different office hours from ``starts_on`` to ``ends_on`` (inclusive), e.g. Ramadan.

    ``weekday`` is 0 (Monday) .. 6, or -1 for every weekday that has office hours.
    """

    starts_on: dt.date
    ends_on: dt.date
    weekday: int
    opens: dt.time
    closes: dt.time

    def covers(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on and self.weekday in (-1, day.weekday())


def _check_hours(opens: dt.time, closes: dt.time) -> None:
    if opens.tzinfo is not None or closes.tzinfo is not None:
        raise ValueError("office hours are local wall-clock times without tzinfo")
    if not opens < closes:
        raise ValueError(f"office hours must open before they close: {opens}-{closes}")


def _aware(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("the calendar needs timezone-aware datetimes")
    return moment


class WorkCalendar:
    """Working days and office hours of one office. Immutable; safe to share and cache."""

    tz: ZoneInfo

    def __init__(
        self,
        tz: ZoneInfo,
        weekly_hours: dict[int, tuple[dt.time, dt.time]],
        closed_days: Mapping[dt.date, str] = {},  # noqa: B006 (never mutated)
        hour_overrides: Sequence[HoursOverrideSpec] = (),
    ) -> None:
        self.tz = tz
        for weekday, (opens, closes) in weekly_hours.items():
            if weekday not in range(7):
                raise ValueError(f"weekday must be 0..6, not {weekday}")
            _check_hours(opens, closes)
        for spec in hour_overrides:
            if spec.weekday not in range(-1, 7):
                raise ValueError(f"override weekday must be -1..6, not {spec.weekday}")
            _check_hours(spec.opens, spec.closes)
        self.weekly_hours: dict[int, tuple[dt.time, dt.time]] = dict(weekly_hours)
        self.closed_days: dict[dt.date, str] = dict(closed_days)
        self.hour_overrides: tuple[HoursOverrideSpec, ...] = tuple(hour_overrides)
        # Closed days that fall on an otherwise working weekday, sorted, for O(log n) counting.
        self._closed_working = sorted(d for d in self.closed_days if d.weekday() in self.weekly_hours)
        self._working_weekdays = frozenset(self.weekly_hours)
        # Working weekdays up to and including each weekday (0 = Monday), for ``_cumulative``.
        self._week_prefix = tuple(sum(1 for w in self._working_weekdays if w <= r) for r in range(7))
        self._hours_cache: dict[dt.date, tuple[dt.time, dt.time] | None] = {}
        self._span_cache: dict[dt.date, tuple[dt.datetime, dt.datetime] | None] = {}
        self._prefix_cache: dict[int, list[dt.timedelta]] = {}

    def __repr__(self) -> str:
        return (
            f"WorkCalendar(tz={self.tz.key!r}, weekdays={sorted(self.weekly_hours)}, "
            f"closed_days={len(self.closed_days)}, overrides={len(self.hour_overrides)})"
        )

    # --- days -----------------------------------------------------------------------------

    def is_working_day(self, day: dt.date) -> bool:
        """The weekday has office hours and the day is not closed."""
        return day.weekday() in self._working_weekdays and day not in self.closed_days

    def closed_reason(self, day: dt.date) -> str | None:
        """The name of the holiday or closure that closes ``day``, if any."""
        return self.closed_days.get(day)

    def hours_on(self, day: dt.date) -> tuple[dt.time, dt.time] | None:
        """Opening and closing time on ``day`` (overrides applied), or None on a closed day."""
        try:
            return self._hours_cache[day]
        except KeyError:
            pass
        hours: tuple[dt.time, dt.time] | None = None
        if self.is_working_day(day):
            hours = self.weekly_hours[day.weekday()]
            best = -1  # 0 = an every-weekday override, 1 = a weekday-specific one
            for spec in self.hour_overrides:
                if spec.covers(day):
                    rank = 0 if spec.weekday == -1 else 1
                    if rank >= best:
                        best, hours = rank, (spec.opens, spec.closes)
        self._hours_cache[day] = hours
        return hours

    def _cumulative(self, day: dt.date) -> int:
        """Working days from an arbitrary fixed origin up to and including ``day``."""
        ordinal = day.toordinal()  # ordinal 1 is Monday 0001-01-01
        weeks, rest = divmod(ordinal - 1, 7)  # rest: weekday of ``day``
        count = weeks * len(self._working_weekdays)
        count += self._week_prefix[rest]
        return count - bisect.bisect_right(self._closed_working, day)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in ``(start, end]``; negative (those in ``(end, start]``) if end < start."""
        return self._cumulative(end) - self._cumulative(start)

    def add_working_days(self, day: dt.date, n: int) -> dt.date:
        """The working day ``n`` working days after (or, negative, before) ``day``.

        ``n == 0`` gives ``day`` itself when it is a working day, else the next working day.
        """
        if not self._working_weekdays:
            raise ValueError("the office has no working weekday")
        if n == 0:
            while not self.is_working_day(day):
                day += _ONE_DAY
            return day
        if n > 0:
            remaining = n
            while True:
                day += _ONE_DAY
                if self.is_working_day(day):
                    remaining -= 1
                    if remaining == 0:
                        return day
        # n < 0: the latest working day r with W(day) - W(r) == -n.
        remaining = -n
        if not self.is_working_day(day):
            remaining += 1  # W(day) equals W of the working day before it
        while True:
            day -= _ONE_DAY
            if self.is_working_day(day):
                remaining -= 1
                if remaining == 0:
                    return day

    # --- office hours -------------------------------------------------------------------------

    def _span(self, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        """Office hours of ``day`` as UTC instants, or None."""
        try:
            return self._span_cache[day]
        except KeyError:
            pass
        hours = self.hours_on(day)
        span = None
        if hours is not None:
            opens = dt.datetime.combine(day, hours[0], tzinfo=self.tz).astimezone(_UTC)
            closes = dt.datetime.combine(day, hours[1], tzinfo=self.tz).astimezone(_UTC)
            span = (opens, closes)
        self._span_cache[day] = span
        return span

    def _local_day(self, moment: dt.datetime) -> dt.date:
        return moment.astimezone(self.tz).date()

    def is_business_time(self, moment: dt.datetime) -> bool:
        """Inside office hours: opening time counts, closing time does not."""
        moment = _aware(moment).astimezone(_UTC)
        span = self._span(self._local_day(moment))
        return span is not None and span[0] <= moment < span[1]

    def next_business_moment(self, moment: dt.datetime) -> dt.datetime:
        """``moment`` itself if it is within office hours, else the next opening (in ``tz``)."""
        moment = _aware(moment).astimezone(_UTC)
        if not self._working_weekdays:
            raise ValueError("the office has no working weekday")
        day = self._local_day(moment)
        while True:
            span = self._span(day)
            if span is not None and moment < span[1]:
                return max(moment, span[0]).astimezone(self.tz)
            day += _ONE_DAY

    def business_time_between(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """Time within office hours in ``[start, end)``; zero when ``end <= start``."""
        start = _aware(start).astimezone(_UTC)
        end = _aware(end).astimezone(_UTC)
        if end <= start:
            return _ZERO
        first = self._local_day(start)
        last = self._local_day(end)
        total = self._overlap(first, start, end)
        if last > first:
            total += self._full_days(first + _ONE_DAY, last) + self._overlap(last, start, end)
        return total

    def _overlap(self, day: dt.date, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        span = self._span(day)
        if span is None:
            return _ZERO
        lo = span[0] if span[0] > start else start
        hi = span[1] if span[1] < end else end
        return hi - lo if hi > lo else _ZERO

    def _year_prefix(self, year: int) -> list[dt.timedelta]:
        """``prefix[i]``: office time of the year's first ``i`` days (built once per year)."""
        try:
            return self._prefix_cache[year]
        except KeyError:
            pass
        prefix = [_ZERO]
        start = dt.date(year, 1, 1).toordinal()
        for ordinal in range(start, dt.date(year, 12, 31).toordinal() + 1):
            span = self._span(dt.date.fromordinal(ordinal))
            prefix.append(prefix[-1] + (span[1] - span[0] if span else _ZERO))
        self._prefix_cache[year] = prefix
        return prefix

    def _full_days(self, first: dt.date, end: dt.date) -> dt.timedelta:
        """Office time of the whole days in ``[first, end)``, in O(years) via prefix sums."""
        if end <= first:
            return _ZERO
        a = first.timetuple().tm_yday - 1
        b = end.timetuple().tm_yday - 1
        if first.year == end.year:
            prefix = self._year_prefix(first.year)
            return prefix[b] - prefix[a]
        head = self._year_prefix(first.year)
        total = head[-1] - head[a]
        for year in range(first.year + 1, end.year):
            total += self._year_prefix(year)[-1]
        return total + self._year_prefix(end.year)[b]

    def add_business_minutes(self, start: dt.datetime, minutes: int) -> dt.datetime:
        """The earliest moment ``r`` with ``business_time_between(start, r)`` equal to
        ``minutes`` (for negative minutes, the latest ``r`` with ``business_time_between(r,
        start)`` equal to ``-minutes``). Aware in ``tz``. A deadline that uses the last minute of
        a day is that day's closing time, not the next morning."""
        start = _aware(start).astimezone(_UTC)
        if minutes == 0:
            return start.astimezone(self.tz)
        if not self._working_weekdays:
            raise ValueError("the office has no working weekday")
        remaining = dt.timedelta(minutes=abs(minutes))
        day = self._local_day(start)
        if minutes > 0:
            while True:
                span = self._span(day)
                if span is not None and start < span[1]:
                    lo = max(start, span[0])
                    available = span[1] - lo
                    if available >= remaining:
                        return (lo + remaining).astimezone(self.tz)
                    remaining -= available
                day += _ONE_DAY
        while True:
            span = self._span(day)
            if span is not None and start > span[0]:
                hi = min(start, span[1])
                available = hi - span[0]
                if available >= remaining:
                    return (hi - remaining).astimezone(self.tz)
                remaining -= available
            day -= _ONE_DAY

    def deadline_working_days(self, start: dt.datetime, n: int) -> dt.datetime:
        """Closing time of the ``n``-th working day after ``start``'s local day (``n == 0``: of
        that day if it is a working day, else of the next one). Aware in ``tz``."""
        day = self.add_working_days(self._local_day(_aware(start)), n)
        span = self._span(day)
        assert span is not None  # add_working_days only returns working days
        return span[1].astimezone(self.tz)
