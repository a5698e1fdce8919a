"""A booking's account and its slot rows cannot disagree: the database refuses it.

Slot rows name their booking *and* the account they hold; a foreign key on
``zoom_slot (booking, account)`` references ``zoom_booking (id, account)`` (made referenceable by a
unique index). So a slot row can only hold the account its booking names, and a booking's
account cannot change while it still holds slots of the old one (the update is refused: release
first, name the new account, then claim). Together with the unique ``(account, slot)`` index, an
account can never be held by two bookings at once, whatever the code above does.

Both columns become NOT NULL (a NULL would switch the composite key's check off). PostgreSQL adds
the constraint in place; SQLite cannot add one to an existing table, so the table is rebuilt with
it (nothing references ``zoom_slot``). Slot rows that already disagree with their booking (only a
bug could have written them) are dropped: they held an account their booking does not name.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.engine.postgres import PostgresEngine

ID = "2026-12-01T20:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "zoom slot rows keyed by (booking, account) to their booking"

DISAGREEING = (
    "DELETE FROM zoom_slot WHERE account IS NULL OR booking IS NULL OR NOT EXISTS ("
    "SELECT 1 FROM zoom_booking b WHERE b.id = zoom_slot.booking AND b.account = zoom_slot.account)"
)
REFERENCEABLE = "CREATE UNIQUE INDEX IF NOT EXISTS zoom_booking_id_account ON zoom_booking (id, account)"

_SQLITE_TABLE = (
    'CREATE TABLE "{name}" ('
    '"id" INTEGER PRIMARY KEY NOT NULL, '
    '"account" INTEGER {null} REFERENCES "zoom_account" ("id") ON DELETE CASCADE ON UPDATE CASCADE, '
    '"slot" INTEGER NOT NULL DEFAULT 0, '
    '"booking" INTEGER {null} REFERENCES "zoom_booking" ("id") ON DELETE CASCADE ON UPDATE CASCADE'
    "{composite})"
)
COMPOSITE = (
    ', CONSTRAINT zoom_slot_booking_account FOREIGN KEY ("booking", "account") '
    'REFERENCES "zoom_booking" ("id", "account") ON DELETE CASCADE'
)
_SQLITE_INDEXES = [
    'CREATE INDEX IF NOT EXISTS zoom_slot_slot ON "zoom_slot" ("slot")',
    'CREATE INDEX IF NOT EXISTS zoom_slot_booking ON "zoom_slot" ("booking")',
    "CREATE UNIQUE INDEX IF NOT EXISTS zoom_slot_account_slot ON zoom_slot (account, slot)",
]


async def _rebuild_sqlite(db, *, strict: bool) -> None:
    """Copy zoom_slot into a table of the new (or old) shape, then swap it in."""
    await db.run_ddl("DROP TABLE IF EXISTS zoom_slot_rebuilt")
    await db.run_ddl(
        _SQLITE_TABLE.format(
            name="zoom_slot_rebuilt",
            null="NOT NULL" if strict else "DEFAULT null",
            composite=COMPOSITE if strict else "",
        )
    )
    await db.run_ddl(
        "INSERT INTO zoom_slot_rebuilt (id, account, slot, booking) "
        "SELECT id, account, slot, booking FROM zoom_slot"
    )
    await db.run_ddl("DROP TABLE zoom_slot")
    await db.run_ddl("ALTER TABLE zoom_slot_rebuilt RENAME TO zoom_slot")
    for sql in _SQLITE_INDEXES:
        await db.run_ddl(sql)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="zoom", description=DESCRIPTION)

    async def run():
        db = engine_finder()
        await db.run_ddl(DISAGREEING)
        await db.run_ddl(REFERENCEABLE)
        if isinstance(db, PostgresEngine):
            await db.run_ddl(
                "ALTER TABLE zoom_slot ALTER COLUMN account SET NOT NULL, "
                "ALTER COLUMN booking SET NOT NULL"
            )
            await db.run_ddl(
                "ALTER TABLE zoom_slot ADD CONSTRAINT zoom_slot_booking_account "
                "FOREIGN KEY (booking, account) REFERENCES zoom_booking (id, account) "
                "ON DELETE CASCADE"
            )
        else:
            await _rebuild_sqlite(db, strict=True)

    async def back():
        db = engine_finder()
        if isinstance(db, PostgresEngine):
            await db.run_ddl("ALTER TABLE zoom_slot DROP CONSTRAINT IF EXISTS zoom_slot_booking_account")
            await db.run_ddl(
                "ALTER TABLE zoom_slot ALTER COLUMN account DROP NOT NULL, "
                "ALTER COLUMN booking DROP NOT NULL"
            )
        else:
            await _rebuild_sqlite(db, strict=False)
        await db.run_ddl("DROP INDEX IF EXISTS zoom_booking_id_account")

    manager.add_raw(run)
    manager.add_raw_backwards(back)
    return manager
