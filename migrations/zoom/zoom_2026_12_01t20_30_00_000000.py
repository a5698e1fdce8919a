from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Integer
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-01T20:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "zoom_booking.state_event: the step visit the sweeps claim on"


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="zoom", description=DESCRIPTION)

    manager.add_column(
        table_class_name="ZoomBooking",
        tablename="zoom_booking",
        column_name="state_event",
        db_column_name="state_event",
        column_class_name="Integer",
        column_class=Integer,
        params={
            "default": None,
            "null": True,
            "primary_key": False,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager
