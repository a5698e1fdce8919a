"""Sweeps claim once per step visit through ``workflow_claim`` (``pintar.workflow.claims``)
instead of the booking's own ``*_at IS NULL`` columns.

Before dropping those columns, existing bookings get their current step visit (``state_event``,
the last history row) and the claims they already hold, so no notice is sent twice across the
upgrade. (The recording reminder needs none: it is sent by the transition that ends the meeting.)
Raw steps run before the column drops of the same migration.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-01T20:30:01:000000"
VERSION = "1.38.0"
DESCRIPTION = "zoom sweeps claim through workflow_claim"

BACKFILL = [
    "UPDATE zoom_booking SET state_event = (SELECT MAX(e.id) FROM workflow_event e "
    "WHERE e.object_id = zoom_booking.id AND e.workflow = 'zoom')",
    "INSERT INTO workflow_claim (visit, kind, at) SELECT state_event, 'detail_login', "
    "login_notice_at FROM zoom_booking WHERE state_event IS NOT NULL "
    "AND login_notice_at IS NOT NULL AND state = 'disetujui'",
    "INSERT INTO workflow_claim (visit, kind, at) SELECT state_event, 'eskalasi_rekaman', "
    "recording_escalated_at FROM zoom_booking WHERE state_event IS NOT NULL "
    "AND recording_escalated_at IS NOT NULL AND state = 'rekaman'",
    "INSERT INTO workflow_claim (visit, kind, at) SELECT state_event, 'tugas_lisensi', "
    "license_notified_at FROM zoom_booking WHERE state_event IS NOT NULL "
    "AND license_notified_at IS NOT NULL AND state = 'lisensi'",
]
DROPPED = ("login_notice_at", "recording_reminded_at", "recording_escalated_at",
           "license_notified_at")


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="zoom", description=DESCRIPTION)

    async def backfill():
        engine = engine_finder()
        for sql in BACKFILL:
            await engine.run_ddl(sql)

    manager.add_raw(backfill)
    for column in DROPPED:
        manager.drop_column(
            table_class_name="ZoomBooking",
            tablename="zoom_booking",
            column_name=column,
            db_column_name=column,
            schema=None,
        )
    return manager
