"""Sweeps claim once per step visit through ``workflow_claim`` (``pintar.workflow.claims``)
instead of the ticket's own ``alerted_version``/``reminded_version`` columns.

Before dropping those columns, existing tickets get their current step visit (``state_event``,
the last history row) and the claims they already hold, so no alert or reminder is sent twice
across the upgrade. Raw steps run before the column drops of the same migration.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-01T19:52:13:000000"
VERSION = "1.38.0"
DESCRIPTION = "helpdesk sweeps claim through workflow_claim"

BACKFILL = [
    "UPDATE hc_ticket SET state_event = (SELECT MAX(e.id) FROM workflow_event e "
    "WHERE e.object_id = hc_ticket.id AND e.workflow IN ('halocik', 'halocik_bantuan'))",
    "INSERT INTO workflow_claim (visit, kind, at) SELECT state_event, 'terlambat', state_since "
    "FROM hc_ticket WHERE state_event IS NOT NULL AND state_since IS NOT NULL "
    "AND alerted_version = version",
    "INSERT INTO workflow_claim (visit, kind, at) SELECT state_event, 'pengingat', state_since "
    "FROM hc_ticket WHERE state_event IS NOT NULL AND state_since IS NOT NULL "
    "AND reminded_version = version",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="helpdesk", description=DESCRIPTION)

    async def backfill():
        engine = engine_finder()
        for sql in BACKFILL:
            await engine.run_ddl(sql)

    manager.add_raw(backfill)

    manager.drop_column(
        table_class_name="Ticket",
        tablename="hc_ticket",
        column_name="alerted_version",
        db_column_name="alerted_version",
        schema=None,
    )
    manager.drop_column(
        table_class_name="Ticket",
        tablename="hc_ticket",
        column_name="reminded_version",
        db_column_name="reminded_version",
        schema=None,
    )
    return manager
