from pathlib import Path

from piccolo.conf.apps import AppConfig

from pintar.files.tables import Document

ROOT = Path(__file__).resolve().parents[2]

APP_CONFIG = AppConfig(
    app_name="files",
    migrations_folder_path=str(ROOT / "migrations" / "files"),
    table_classes=[Document],
    migration_dependencies=["pintar.auth.piccolo_app"],
    commands=[],
)
