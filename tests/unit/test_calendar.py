"""The working-day calendar: its laws (property-based) and real 2026 Indonesian examples."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pintar.office.calendar import HoursOverrideSpec, WorkCalendar

H = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

ZONES = [ZoneInfo("Asia/Jakarta"), ZoneInfo("Asia/Makassar"), ZoneInfo("Asia/Jayapura")]
T = dt.time
DEFAULT = {d: (T(7, 30), T(16, 0)) for d in range(4)} | {4: (T(7, 30), T(16, 30))}
START = dt.date(2025, 1, 1)
END = dt.date(2027, 12, 31)

dates = st.dates(min_value=START, max_value=END)
half_hours = st.integers(min_value=10, max_value=40).map(lambda k: T(k // 2, 30 * (k % 2)))


@st.composite
def hours(draw) -> tuple[dt.time, dt.time]:
    opens = draw(st.integers(min_value=6 * 4, max_value=12 * 4))
    length = draw(st.integers(min_value=1, max_value=10 * 4))
    closes = min(opens + length, 24 * 4 - 1)
    return T(opens // 4, 15 * (opens % 4)), T(closes // 4, 15 * (closes % 4))


@st.composite
def calendars(draw) -> WorkCalendar:
    tz = draw(st.sampled_from(ZONES))
    if draw(st.booleans()):
        weekly = dict(DEFAULT)
    else:
        days = draw(st.sets(st.integers(0, 6), min_size=1))
        weekly = {d: draw(hours()) for d in days}
    closed = {d: "Libur" for d in draw(st.sets(dates, max_size=80))}
    overrides = []
    for _ in range(draw(st.integers(0, 3))):
        a, b = sorted((draw(dates), draw(dates)))
        o, c = draw(hours())
        overrides.append(HoursOverrideSpec(a, b, draw(st.sampled_from([-1, 0, 4, 6])), o, c))
    return WorkCalendar(tz, weekly, closed, overrides)


def moments(cal_tz: ZoneInfo | None = None):
    return st.datetimes(
        min_value=dt.datetime(2025, 6, 1), max_value=dt.datetime(2027, 6, 30)
    ).map(lambda m: m.replace(tzinfo=cal_tz or ZoneInfo("Asia/Jakarta")))


def brute_count(cal: WorkCalendar, start: dt.date, end: dt.date) -> int:
    sign, (a, b) = (1, (start, end)) if start <= end else (-1, (end, start))
    n, day = 0, a + dt.timedelta(days=1)
    while day <= b:
        n += cal.is_working_day(day)
        day += dt.timedelta(days=1)
    return sign * n


# --- laws of working days ------------------------------------------------------------------


@H
@given(calendars(), dates, st.integers(-60, 60).filter(bool))
def test_add_then_count_back_gives_n(cal, day, n):
    result = cal.add_working_days(day, n)
    assert cal.is_working_day(result)
    assert result not in cal.closed_days
    assert cal.working_days_between(day, result) == n
    assert (result > day) == (n > 0)


@H
@given(calendars(), dates, st.integers(-60, 60))
def test_adding_back_returns_to_a_working_day(cal, day, n):
    start = cal.add_working_days(day, 0)
    assert cal.is_working_day(start) and start >= day
    assert cal.add_working_days(cal.add_working_days(start, n), -n) == start


@H
@given(calendars(), dates, dates, dates)
def test_counting_is_additive_and_matches_brute_force(cal, a, b, c):
    assert cal.working_days_between(a, b) + cal.working_days_between(b, c) == cal.working_days_between(a, c)
    assert cal.working_days_between(a, b) == brute_count(cal, a, b)
    assert cal.working_days_between(a, b) == -cal.working_days_between(b, a)


@H
@given(calendars(), dates)
def test_zero_days_is_the_day_or_the_next_working_day(cal, day):
    result = cal.add_working_days(day, 0)
    assert cal.is_working_day(result)
    assert result == day or all(
        not cal.is_working_day(day + dt.timedelta(days=k)) for k in range((result - day).days)
    )


# --- laws of business time ------------------------------------------------------------------


@H
@given(calendars(), st.data(), st.integers(0, 60 * 24 * 40))
def test_add_minutes_then_measure_gives_minutes(cal, data, minutes):
    start = data.draw(moments(cal.tz))
    result = cal.add_business_minutes(start, minutes)
    assert result.tzinfo == cal.tz
    assert cal.business_time_between(start, result) == dt.timedelta(minutes=minutes)
    if minutes:  # the earliest such moment: it is at or before a closing time, inside hours
        just_before = result - dt.timedelta(seconds=1)
        assert cal.is_business_time(just_before)


@H
@given(calendars(), st.data(), st.integers(1, 60 * 24 * 20))
def test_subtract_minutes_then_measure_gives_minutes(cal, data, minutes):
    start = data.draw(moments(cal.tz))
    result = cal.add_business_minutes(start, -minutes)
    assert cal.business_time_between(result, start) == dt.timedelta(minutes=minutes)
    assert cal.is_business_time(result)


@H
@given(calendars(), st.data())
def test_business_time_is_additive(cal, data):
    a, b, c = sorted(data.draw(moments(cal.tz)) for _ in range(3))
    total = cal.business_time_between(a, c)
    assert cal.business_time_between(a, b) + cal.business_time_between(b, c) == total
    assert cal.business_time_between(c, a) == dt.timedelta(0)
    assert total <= c - a


@H
@given(calendars(), st.data(), st.integers(0, 3 * 24 * 60))
def test_business_time_matches_minute_by_minute_count(cal, data, span):
    start = data.draw(moments(cal.tz)).replace(second=0, microsecond=0)
    end = start + dt.timedelta(minutes=span)
    minutes = sum(
        cal.is_business_time(start + dt.timedelta(minutes=k)) for k in range(span)
    )
    assert cal.business_time_between(start, end) == dt.timedelta(minutes=minutes)


def day_by_day(cal: WorkCalendar, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
    """A plain reference: every local day's office hours clipped to [start, end)."""
    total, day = dt.timedelta(0), start.astimezone(cal.tz).date()
    while day <= end.astimezone(cal.tz).date():
        hours = cal.hours_on(day)
        if hours:
            lo = max(start, dt.datetime.combine(day, hours[0], tzinfo=cal.tz))
            hi = min(end, dt.datetime.combine(day, hours[1], tzinfo=cal.tz))
            total += max(hi - lo, dt.timedelta(0))
        day += dt.timedelta(days=1)
    return total


@H
@given(calendars(), st.data())
def test_long_spans_match_a_day_by_day_sum(cal, data):
    a, b = sorted(data.draw(moments(cal.tz)) for _ in range(2))
    assert cal.business_time_between(a, b) == day_by_day(cal, a, b)


@H
@given(calendars(), st.data(), st.sampled_from([ZoneInfo("UTC"), ZoneInfo("Europe/Berlin"), *ZONES]))
def test_the_zone_of_the_arguments_does_not_matter(cal, data, other):
    a, b = sorted(data.draw(moments(cal.tz)) for _ in range(2))
    assert cal.business_time_between(a, b) == cal.business_time_between(a.astimezone(other), b.astimezone(other))
    assert cal.add_business_minutes(a.astimezone(other), 95) == cal.add_business_minutes(a, 95)
    assert cal.next_business_moment(a.astimezone(other)) == cal.next_business_moment(a)


@H
@given(calendars(), st.data())
def test_next_business_moment(cal, data):
    moment = data.draw(moments(cal.tz))
    nxt = cal.next_business_moment(moment)
    assert nxt >= moment and cal.is_business_time(nxt)
    assert cal.business_time_between(moment, nxt) == dt.timedelta(0)
    if cal.is_business_time(moment):
        assert nxt == moment


@H
@given(calendars(), st.data(), st.integers(0, 30))
def test_deadline_is_closing_time_of_a_working_day(cal, data, n):
    start = data.draw(moments(cal.tz))
    deadline = cal.deadline_working_days(start, n)
    day = deadline.date()
    assert cal.is_working_day(day)
    assert deadline.timetz().replace(tzinfo=None) == cal.hours_on(day)[1]
    assert day == cal.add_working_days(start.astimezone(cal.tz).date(), n)


def test_dst_zone_hours_are_wall_clock_and_durations_real():
    """A zone with DST (for replicas abroad; Indonesia has none): hours stay 08-16 local."""
    berlin = ZoneInfo("Europe/Berlin")
    cal = WorkCalendar(berlin, {d: (T(1, 0), T(5, 0)) for d in range(7)})
    # 29 March 2026: clocks jump 02:00 -> 03:00, so 01:00-05:00 is only 3 real hours.
    day = dt.date(2026, 3, 29)
    a = dt.datetime.combine(day, T(0, 0), tzinfo=berlin)
    assert cal.business_time_between(a, a + dt.timedelta(hours=12)) == dt.timedelta(hours=3)
    assert cal.add_business_minutes(a, 180) == dt.datetime.combine(day, T(5, 0), tzinfo=berlin)


def test_indonesian_zones_have_fixed_offsets():
    for tz, hours_ahead in zip(ZONES, (7, 8, 9), strict=True):
        cal = WorkCalendar(tz, DEFAULT)
        start = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.timezone.utc)  # Sunday evening
        opens = cal.next_business_moment(start)
        assert opens.utcoffset() == dt.timedelta(hours=hours_ahead)
        assert (opens.hour, opens.minute) == (7, 30)


# --- examples -------------------------------------------------------------------------------

JKT = ZoneInfo("Asia/Jakarta")


def at(y, mo, d, h=0, mi=0):
    return dt.datetime(y, mo, d, h, mi, tzinfo=JKT)


def test_friday_closes_at_half_past_four():
    cal = WorkCalendar(JKT, DEFAULT)
    assert cal.hours_on(dt.date(2026, 11, 27)) == (T(7, 30), T(16, 30))  # Friday
    assert cal.hours_on(dt.date(2026, 11, 26)) == (T(7, 30), T(16, 0))  # Thursday
    assert cal.hours_on(dt.date(2026, 11, 28)) is None  # Saturday
    assert cal.is_business_time(at(2026, 11, 27, 16, 15))
    assert not cal.is_business_time(at(2026, 11, 26, 16, 15))
    assert cal.business_time_between(at(2026, 11, 23), at(2026, 11, 30)) == dt.timedelta(hours=43)
    # 30 minutes from Friday 16.15: 15 minutes on Friday, 15 on Monday morning.
    assert cal.add_business_minutes(at(2026, 11, 27, 16, 15), 30) == at(2026, 11, 30, 7, 45)
    assert cal.add_business_minutes(at(2026, 11, 27, 16, 0), 30) == at(2026, 11, 27, 16, 30)


def test_ramadan_override_shortens_hours():
    ramadan = [
        HoursOverrideSpec(dt.date(2026, 2, 18), dt.date(2026, 3, 19), -1, T(8, 0), T(15, 0)),
        HoursOverrideSpec(dt.date(2026, 2, 18), dt.date(2026, 3, 19), 4, T(8, 0), T(15, 30)),
    ]
    cal = WorkCalendar(JKT, DEFAULT, {}, ramadan)
    assert cal.hours_on(dt.date(2026, 2, 17)) == (T(7, 30), T(16, 0))  # the day before
    assert cal.hours_on(dt.date(2026, 2, 18)) == (T(8, 0), T(15, 0))  # Wednesday in Ramadan
    assert cal.hours_on(dt.date(2026, 2, 20)) == (T(8, 0), T(15, 30))  # Friday in Ramadan
    assert cal.hours_on(dt.date(2026, 2, 21)) is None  # overrides never open a Saturday
    assert not cal.is_business_time(at(2026, 2, 18, 7, 45))
    assert cal.next_business_moment(at(2026, 2, 18, 7, 45)) == at(2026, 2, 18, 8, 0)
    assert cal.business_time_between(at(2026, 2, 18), at(2026, 2, 19)) == dt.timedelta(hours=7)
    assert cal.deadline_working_days(at(2026, 2, 18, 9), 2) == at(2026, 2, 20, 15, 30)


def test_add_working_days_over_a_weekend_and_back():
    cal = WorkCalendar(JKT, DEFAULT, {dt.date(2026, 11, 24): "Penutupan kantor"})
    fri, sat, mon = dt.date(2026, 11, 20), dt.date(2026, 11, 21), dt.date(2026, 11, 23)
    assert cal.add_working_days(fri, 1) == mon
    assert cal.add_working_days(fri, 2) == dt.date(2026, 11, 25)  # Tuesday is closed
    assert cal.add_working_days(mon, -1) == fri
    assert cal.add_working_days(sat, 0) == mon
    assert cal.add_working_days(sat, -1) == dt.date(2026, 11, 19)  # one working day, Friday, in (Thu, Sat]
    assert cal.working_days_between(fri, dt.date(2026, 11, 27)) == 4
    assert cal.closed_reason(dt.date(2026, 11, 24)) == "Penutupan kantor"


def test_a_month_of_business_time_is_quick_enough_to_iterate_days():
    cal = WorkCalendar(JKT, DEFAULT)
    # 2026 has 261 weekdays; 52 Fridays of 9 h, 209 other days of 8.5 h (no holidays here).
    total = cal.business_time_between(at(2026, 1, 1), at(2027, 1, 1))
    assert total == dt.timedelta(hours=52 * 9 + 209 * 8.5)


def test_naive_datetimes_are_refused():
    cal = WorkCalendar(JKT, DEFAULT)
    with pytest.raises(ValueError):
        cal.business_time_between(dt.datetime(2026, 1, 1), dt.datetime(2026, 1, 2))


def test_invalid_hours_are_refused():
    with pytest.raises(ValueError):
        WorkCalendar(JKT, {0: (T(16, 0), T(8, 0))})
