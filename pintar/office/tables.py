from __future__ import annotations

import datetime as dt

from piccolo.columns import Boolean, Date, Integer, Serial, Text, Time, Timestamptz, Varchar
from piccolo.table import Table


class Office(Table):
    """One row: the installation's office. Replicating offices change it, never the code."""

    id = Serial(primary_key=True)
    name = Varchar(length=200)
    code = Varchar(length=10)  # BPS code, e.g. 1700
    address = Text(default="")
    email = Varchar(length=200, default="")
    phone = Varchar(length=50, default="")
    logo_file = Varchar(length=100, default="")  # stored name under var/uploads
    timezone = Varchar(length=64, default="Asia/Jakarta")
    updated_at = Timestamptz()


class OfficeHours(Table):
    """Regular office hours per weekday (0 = Monday). A weekday without a row is closed."""

    id = Serial(primary_key=True)
    weekday = Integer(unique=True)
    opens = Time(default=dt.time(7, 30))
    closes = Time(default=dt.time(16, 0))


class HoursOverride(Table):
    """Different hours for a date range (e.g. Ramadan); weekday -1 means every working weekday."""

    id = Serial(primary_key=True)
    starts_on = Date()
    ends_on = Date()
    weekday = Integer(default=-1)
    opens = Time(default=dt.time(8, 0))
    closes = Time(default=dt.time(15, 0))
    note = Varchar(length=200, default="")


class Holiday(Table):
    """A national holiday, a cuti bersama day or an office closure.

    National holidays are imported per year from the ``holidays`` package (``source='paket'``),
    with Islamic dates marked estimated until the admin confirms or moves them.
    """

    id = Serial(primary_key=True)
    day = Date(index=True)
    name = Varchar(length=200)
    kind = Varchar(length=20, default="nasional")  # nasional | cuti_bersama | penutupan
    is_day_off = Boolean(default=True)
    estimated = Boolean(default=False)
    source = Varchar(length=10, default="admin")  # paket | skb (cuti bersama of the decree) | admin
    original_day = Date(null=True, default=None)  # the package's date when the admin moved it


class HolidayYear(Table):
    """Years whose national holidays were imported from the package (imported once)."""

    id = Serial(primary_key=True)
    year = Integer(unique=True)


class DecreeYear(Table):
    """Years whose cuti bersama (the joint decree, the package's ``government`` category) were
    imported. A year is marked only once the package knows it, so an upgraded package fills in a
    new year by itself; a marked year is never imported again (the admin's changes stay)."""

    id = Serial(primary_key=True)
    year = Integer(unique=True)


class Room(Table):
    id = Serial(primary_key=True)
    name = Varchar(length=100, unique=True)
    capacity = Integer(default=10)
    location = Varchar(length=200, default="")
    active = Boolean(default=True)
