from pathlib import Path

from piccolo.conf.apps import AppConfig

from pintar.helpdesk.tables import Pc, Software, Ticket, TicketComment, TicketCounter

ROOT = Path(__file__).resolve().parents[2]

APP_CONFIG = AppConfig(
    app_name="helpdesk",
    migrations_folder_path=str(ROOT / "migrations" / "helpdesk"),
    table_classes=[Software, Pc, Ticket, TicketComment, TicketCounter],
    migration_dependencies=["pintar.auth.piccolo_app", "pintar.workflow.piccolo_app"],
    commands=[],
)
