"""Index the history by item: every timeline and queue reads it that way."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-21T22:38:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "index workflow events by item"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="workflow", description=DESCRIPTION)

    async def run():
        await engine_finder().run_ddl(
            "CREATE INDEX IF NOT EXISTS workflow_event_item "
            "ON workflow_event (workflow, object_id, at)"
        )

    async def back():
        await engine_finder().run_ddl("DROP INDEX IF EXISTS workflow_event_item")

    manager.add_raw(run)
    manager.add_raw_backwards(back)
    return manager
