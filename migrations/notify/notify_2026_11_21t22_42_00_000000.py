"""Indexes for the bell and the list: a person's notifications, newest first, and the unread ones.

Hand-written (raw SQL both engines accept); raw steps run before table steps, so they live in
their own migration after the one that creates the table.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-21T22:42:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "notification indexes for the bell and the list"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="notify", description=DESCRIPTION)

    async def run():
        db = engine_finder()
        await db.run_ddl(
            "CREATE INDEX IF NOT EXISTS notification_person_id ON notification (person, id)"
        )
        await db.run_ddl(
            "CREATE INDEX IF NOT EXISTS notification_unread ON notification (person, id) "
            "WHERE read_at IS NULL"
        )
        await db.run_ddl(
            "CREATE INDEX IF NOT EXISTS notification_object ON notification (obj_type, obj_id)"
        )

    async def back():
        db = engine_finder()
        for name in ("notification_person_id", "notification_unread", "notification_object"):
            await db.run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(run)
    manager.add_raw_backwards(back)
    return manager
