"""The tables and the migrations must agree, on whichever engine the suite runs.

The session fixture ``migrated`` applies every migration from zero. These tests then check that
(1) the migrated database has exactly the tables and columns the Table classes declare,
(2) Piccolo's auto-migration differ, comparing the schema the migrations build up with the
current Table classes, has nothing to add (a forgotten ``piccolo migrations new --auto`` fails
here), and (3) every migration runs backwards to zero and forwards again.
"""

from __future__ import annotations

from piccolo.apps.migrations.auto.schema_differ import AlterStatements
from piccolo.apps.migrations.commands.backwards import run_backwards
from piccolo.apps.migrations.commands.forwards import run_forwards
from piccolo.apps.migrations.commands.new import AutoMigrationManager
from piccolo.columns import Boolean, Varchar
from piccolo.conf.apps import AppConfig, Finder
from piccolo.table import Table, create_table_class

from pintar import db

MIGRATION_TABLE = "migration"  # Piccolo's own record of what ran


async def database_tables() -> set[str]:
    if db.is_sqlite():
        rows = await db.engine().run_ddl(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        return {r["name"] for r in rows}
    rows = await db.engine().run_ddl(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
    )
    return {r["table_name"] for r in rows}


async def database_columns(tablename: str) -> set[str]:
    if db.is_sqlite():
        rows = await db.engine().run_ddl(f"PRAGMA table_info({tablename})")
        return {r["name"] for r in rows}
    rows = await db.engine().run_ddl(
        "SELECT column_name FROM information_schema.columns "
        f"WHERE table_schema = current_schema() AND table_name = '{tablename}'"
    )
    return {r["column_name"] for r in rows}


def declared_columns(table: type[Table]) -> set[str]:
    return {c._meta.db_column_name for c in table._meta.columns}


async def pending_changes(app_config: AppConfig) -> list[str]:
    """What ``piccolo migrations new <app> --auto`` would write for this app (empty: nothing)."""
    statements: list[AlterStatements] = await AutoMigrationManager(
        auto_input="n"  # never treat a dropped + added column as a rename
    ).get_alter_statements(app_config=app_config)
    return [s for group in statements for s in group.statements]


async def test_every_table_class_has_its_table_and_columns():
    tables = Finder().get_table_classes()
    assert tables, "no Table classes found: is APP_REGISTRY empty?"
    in_db = await database_tables()
    declared = {t._meta.tablename for t in tables}
    assert in_db - {MIGRATION_TABLE} == declared, (
        f"tables only in the database: {sorted(in_db - declared - {MIGRATION_TABLE})}; "
        f"only in the code: {sorted(declared - in_db)}"
    )
    for table in tables:
        assert await database_columns(table._meta.tablename) == declared_columns(table), (
            f"{table.__name__}: the migrated table and the Table class have different columns"
        )


async def test_migrations_describe_every_table_completely():
    """The real check: the schema the migrations build equals the Table classes."""
    for app_config in Finder().get_app_configs():
        changes = await pending_changes(app_config)
        assert changes == [], (
            f"app {app_config.app_name!r}: the tables differ from its migrations; run "
            f"`piccolo migrations new {app_config.app_name} --auto` (would write: {changes})"
        )


async def test_the_check_notices_a_column_without_a_migration():
    """Guard against a vacuous check: a Table with an extra column must show up as a change."""
    auth = Finder().get_app_config("auth")
    team = next(t for t in auth.table_classes if t._meta.tablename == "team")
    changed_team = create_table_class(
        class_name=team.__name__,
        class_kwargs={"tablename": "team"},
        class_members={
            "name": Varchar(length=150, unique=True),
            "active": Boolean(default=True),
            "motto": Varchar(length=100, default=""),
        },
    )
    changed = AppConfig(
        app_name="auth",
        migrations_folder_path=auth.migrations_folder_path,
        table_classes=[changed_team if t is team else t for t in auth.table_classes],
    )
    changes = await pending_changes(changed)
    assert any("motto" in s for s in changes), changes


async def test_migrations_run_backwards_to_zero_and_forwards_again():
    apps = Finder().get_sorted_app_names()
    for app_name in reversed(apps):
        result = await run_backwards(app_name, migration_id="all", auto_agree=True)
        assert result.success, f"{app_name}: {result.message}"
    assert await database_tables() <= {MIGRATION_TABLE}
    result = await run_forwards("all")
    assert result.success, result.message
    declared = {t._meta.tablename for t in Finder().get_table_classes()}
    assert await database_tables() - {MIGRATION_TABLE} == declared
