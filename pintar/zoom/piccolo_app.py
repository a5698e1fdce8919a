from pathlib import Path

from piccolo.conf.apps import AppConfig

from pintar.zoom.tables import ZoomAccount, ZoomBooking, ZoomSlot, ZoomToken, ZoomUnserved

ROOT = Path(__file__).resolve().parents[2]

APP_CONFIG = AppConfig(
    app_name="zoom",
    migrations_folder_path=str(ROOT / "migrations" / "zoom"),
    table_classes=[ZoomAccount, ZoomBooking, ZoomSlot, ZoomUnserved, ZoomToken],
    migration_dependencies=["pintar.auth.piccolo_app", "pintar.workflow.piccolo_app"],
    commands=[],
)
