from pathlib import Path

from piccolo.conf.apps import AppConfig

from pintar.agenda.tables import Activity, ActivityPerson, RoomSlot

ROOT = Path(__file__).resolve().parents[2]

APP_CONFIG = AppConfig(
    app_name="agenda",
    migrations_folder_path=str(ROOT / "migrations" / "agenda"),
    table_classes=[Activity, ActivityPerson, RoomSlot],
    migration_dependencies=[
        "pintar.office.piccolo_app", "pintar.auth.piccolo_app", "pintar.workflow.piccolo_app"
    ],
    commands=[],
)
