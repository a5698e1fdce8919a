"""Indexes application development needs, in SQL both engines accept.

- (request, person) unique on ``ad_programmer``: a programmer is assigned to a request once;
- open requests (``closed_at IS NULL``, set by every final stage and by the release into
  maintenance) get a partial index on (due_at, id): the portfolio's "overdue first" order and
  its counters read only these, so they do not grow with the finished history;
- (team, state) and (pjk, state): the portfolio's filters;
- (request, stage) on stage documents; (application, state) on maintenance tickets.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder

ID = "2026-12-01T20:05:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "appdev composite indexes"

INDEXES = {
    "ad_programmer_request_person": "CREATE UNIQUE INDEX IF NOT EXISTS ad_programmer_request_person "
    "ON ad_programmer (request, person)",
    "ad_request_open_due": "CREATE INDEX IF NOT EXISTS ad_request_open_due ON ad_request (due_at, id) "
    "WHERE closed_at IS NULL",
    "ad_request_team_state": "CREATE INDEX IF NOT EXISTS ad_request_team_state ON ad_request (team, state)",
    "ad_request_pjk_state": "CREATE INDEX IF NOT EXISTS ad_request_pjk_state ON ad_request (pjk, state)",
    "ad_stage_document_request_stage": "CREATE INDEX IF NOT EXISTS ad_stage_document_request_stage "
    "ON ad_stage_document (request, stage)",
    "ad_ticket_application_state": "CREATE INDEX IF NOT EXISTS ad_ticket_application_state "
    "ON ad_ticket (application, state)",
}


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="appdev", description=DESCRIPTION)

    async def run():
        for sql in INDEXES.values():
            await engine_finder().run_ddl(sql)

    async def back():
        for name in INDEXES:
            await engine_finder().run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(run)
    manager.add_raw_backwards(back)
    return manager
