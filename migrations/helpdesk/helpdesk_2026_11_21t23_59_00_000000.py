"""Indexes the queue and the numbering need, in SQL both engines accept.

- (year, seq) unique: one ticket per number (the counter row allocates, this guards), and the
  number search walks it;
- open tickets (``closed_at IS NULL``, set by every final step) get two *partial* indexes: their
  ids, and (state, assignee, due_at) for the counters. The open-ticket filters and the counters
  read only these, so they cost the same at a thousand or a million closed tickets;
- (assignee, state): "mine" and "waiting for me";
- other_key: prefix search on software named outside the repository;
- (software, state) and (pc, state): seats in use and a PC's installations (done tickets);
- PostgreSQL only: (requester, id), (software, id), (pc, id), so a history search walks each
  match newest first without sorting (SQLite's single-column indexes already end in the rowid).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine import engine_finder
from piccolo.engine.postgres import PostgresEngine

ID = "2026-11-21T23:59:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "helpdesk composite and search indexes"

INDEXES = [
    "CREATE UNIQUE INDEX IF NOT EXISTS hc_ticket_year_seq ON hc_ticket (year, seq)",
    "CREATE INDEX IF NOT EXISTS hc_ticket_open ON hc_ticket (id) WHERE closed_at IS NULL",
    "CREATE INDEX IF NOT EXISTS hc_ticket_open_counts ON hc_ticket (state, assignee, due_at) "
    "WHERE closed_at IS NULL",
    "CREATE INDEX IF NOT EXISTS hc_ticket_assignee_state ON hc_ticket (assignee, state)",
    "CREATE INDEX IF NOT EXISTS hc_ticket_other_key ON hc_ticket (other_key)",
    "CREATE INDEX IF NOT EXISTS hc_ticket_pc_state ON hc_ticket (pc, state)",
    "CREATE INDEX IF NOT EXISTS hc_ticket_software_state ON hc_ticket (software, state)",
]
POSTGRES_ONLY = [
    "CREATE INDEX IF NOT EXISTS hc_ticket_requester_id ON hc_ticket (requester, id)",
    "CREATE INDEX IF NOT EXISTS hc_ticket_software_id ON hc_ticket (software, id)",
    "CREATE INDEX IF NOT EXISTS hc_ticket_pc_id ON hc_ticket (pc, id)",
]
NAMES = [
    "hc_ticket_year_seq",
    "hc_ticket_open",
    "hc_ticket_open_counts",
    "hc_ticket_assignee_state",
    "hc_ticket_other_key",
    "hc_ticket_pc_state",
    "hc_ticket_software_state",
    "hc_ticket_requester_id",
    "hc_ticket_software_id",
    "hc_ticket_pc_id",
]


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="helpdesk", description=DESCRIPTION)

    async def run():
        engine = engine_finder()
        postgres = isinstance(engine, PostgresEngine)
        for sql in INDEXES + (POSTGRES_ONLY if postgres else []):
            await engine.run_ddl(sql)

    async def back():
        for name in NAMES:
            await engine_finder().run_ddl(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(run)
    manager.add_raw_backwards(back)
    return manager
