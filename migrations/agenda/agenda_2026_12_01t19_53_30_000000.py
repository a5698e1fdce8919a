"""One activity per room at a time, and one row per participant, in SQL both engines accept
(Piccolo's composite ``Unique`` emits ALTER TABLE ... ADD CONSTRAINT, which SQLite refuses)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-01T19:53:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique room slot and participant; activities by day"

INDEXES = [
    "CREATE UNIQUE INDEX IF NOT EXISTS agenda_room_slot_unique ON agenda_room_slot (room, slot)",
    "CREATE UNIQUE INDEX IF NOT EXISTS agenda_person_unique ON agenda_person (activity, person)",
    "CREATE INDEX IF NOT EXISTS agenda_activity_day_start ON agenda_activity (day, starts_at)",
]
NAMES = ["agenda_room_slot_unique", "agenda_person_unique", "agenda_activity_day_start"]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="agenda", description=DESCRIPTION)

    async def run():
        db = engine_finder()
        for sql in INDEXES:
            await db.run_ddl(sql)

    async def back():
        db = engine_finder()
        for name in NAMES:
            await db.run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(run)
    manager.add_raw_backwards(back)
    return manager
