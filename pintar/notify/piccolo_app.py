from pathlib import Path

from piccolo.conf.apps import AppConfig

from pintar.notify.tables import Notification, OutgoingEmail

ROOT = Path(__file__).resolve().parents[2]

APP_CONFIG = AppConfig(
    app_name="notify",
    migrations_folder_path=str(ROOT / "migrations" / "notify"),
    table_classes=[Notification, OutgoingEmail],
    migration_dependencies=["pintar.auth.piccolo_app"],
    commands=[],
)
