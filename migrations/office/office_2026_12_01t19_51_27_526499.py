from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import Integer
from piccolo.columns.column_types import Serial
from piccolo.columns.indexes import IndexMethod

ID = "2026-12-01T19:51:27:526499"
VERSION = "1.38.0"
DESCRIPTION = "cuti bersama years imported from the decree"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="office", description=DESCRIPTION
    )

    manager.add_table(
        class_name="DecreeYear",
        tablename="decree_year",
        schema=None,
        columns=None,
    )

    manager.add_column(
        table_class_name="DecreeYear",
        tablename="decree_year",
        column_name="id",
        db_column_name="id",
        column_class_name="Serial",
        column_class=Serial,
        params={
            "null": False,
            "primary_key": True,
            "unique": False,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    manager.add_column(
        table_class_name="DecreeYear",
        tablename="decree_year",
        column_name="year",
        db_column_name="year",
        column_class_name="Integer",
        column_class=Integer,
        params={
            "default": 0,
            "null": False,
            "primary_key": False,
            "unique": True,
            "index": False,
            "index_method": IndexMethod.btree,
            "choices": None,
            "db_column_name": None,
            "secret": False,
        },
        schema=None,
    )

    return manager
