"""One claim per (step visit, kind): the guarantee behind "once per step visit"."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-01T19:52:10:000000"
VERSION = "1.38.0"
DESCRIPTION = "unique workflow claims"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="workflow", description=DESCRIPTION)

    async def run():
        await engine_finder().run_ddl(
            "CREATE UNIQUE INDEX IF NOT EXISTS workflow_claim_visit_kind "
            "ON workflow_claim (visit, kind)"
        )

    async def back():
        await engine_finder().run_ddl("DROP INDEX IF EXISTS workflow_claim_visit_kind")

    manager.add_raw(run)
    manager.add_raw_backwards(back)
    return manager
