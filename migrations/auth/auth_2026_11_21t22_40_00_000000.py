"""A person holds each role once: a unique index that both engines accept.

(Piccolo's composite ``Unique`` emits ALTER TABLE ... ADD CONSTRAINT, which SQLite refuses; and
raw steps run before a migration's table steps, so this lives in its own migration.)
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-21T22:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique person role"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="auth", description=DESCRIPTION)

    async def run():
        await engine_finder().run_ddl(
            "CREATE UNIQUE INDEX IF NOT EXISTS person_role_unique ON person_role (person, role)"
        )

    async def back():
        await engine_finder().run_ddl("DROP INDEX IF EXISTS person_role_unique")

    manager.add_raw(run)
    manager.add_raw_backwards(back)
    return manager
