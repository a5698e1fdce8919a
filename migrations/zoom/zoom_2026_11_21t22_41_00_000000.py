"""One meeting per account at a time: a 5-minute slot of an account is held by one booking.

A unique index that both engines accept (Piccolo's composite ``Unique`` emits ALTER TABLE ... ADD
CONSTRAINT, which SQLite refuses; raw steps run before table steps, hence its own migration).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-21T22:41:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique account slot; bookings by day and start"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="zoom", description=DESCRIPTION)

    async def run():
        db = engine_finder()
        await db.run_ddl(
            "CREATE UNIQUE INDEX IF NOT EXISTS zoom_slot_account_slot ON zoom_slot (account, slot)"
        )
        # Calendars and the kiosk read a day range in time order; covering, so the month view's
        # per-day counts never touch the table.
        await db.run_ddl(
            "CREATE INDEX IF NOT EXISTS zoom_booking_day_start "
            "ON zoom_booking (day, starts_at, state, account)"
        )
        await db.run_ddl(
            "CREATE INDEX IF NOT EXISTS zoom_booking_requester ON zoom_booking (requester, starts_at)"
        )

    async def back():
        db = engine_finder()
        await db.run_ddl("DROP INDEX IF EXISTS zoom_slot_account_slot")
        await db.run_ddl("DROP INDEX IF EXISTS zoom_booking_day_start")
        await db.run_ddl("DROP INDEX IF EXISTS zoom_booking_requester")

    manager.add_raw(run)
    manager.add_raw_backwards(back)
    return manager
