"""Documents are listed by their owner: an index on (owner_kind, owner_id) both engines accept.

(Raw steps run before a migration's table steps, so this lives in its own migration.)
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-11-21T22:45:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "index documents by owner"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="files", description=DESCRIPTION)

    async def run():
        await engine_finder().run_ddl(
            "CREATE INDEX IF NOT EXISTS document_owner ON document (owner_kind, owner_id)"
        )

    async def back():
        await engine_finder().run_ddl("DROP INDEX IF EXISTS document_owner")

    manager.add_raw(run)
    manager.add_raw_backwards(back)
    return manager
