"""What the database guarantees for the Event Team, in SQL both engines accept: one person in
one activity at a time (person, slot), one team per month, one membership per team and person,
one row per role need."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-01T19:53:31:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique person slot, duty month, membership, role need"

INDEXES = [
    "CREATE UNIQUE INDEX IF NOT EXISTS et_person_slot_unique ON et_person_slot (person, slot)",
    "CREATE UNIQUE INDEX IF NOT EXISTS et_duty_month_unique ON et_duty_month (year, month)",
    "CREATE UNIQUE INDEX IF NOT EXISTS et_member_unique ON et_member (team, person)",
    "CREATE UNIQUE INDEX IF NOT EXISTS et_role_need_unique ON et_role_need (support, role)",
    "CREATE INDEX IF NOT EXISTS et_assignment_person_start ON et_assignment (person, starts_at)",
]
NAMES = [
    "et_person_slot_unique", "et_duty_month_unique", "et_member_unique", "et_role_need_unique",
    "et_assignment_person_start",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="eventteam", description=DESCRIPTION)

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
