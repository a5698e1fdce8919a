from pathlib import Path

from piccolo.conf.apps import AppConfig

from pintar.auth.tables import LoginFailure, Person, PersonRole, Team

ROOT = Path(__file__).resolve().parents[2]

APP_CONFIG = AppConfig(
    app_name="auth",
    migrations_folder_path=str(ROOT / "migrations" / "auth"),
    table_classes=[Team, Person, PersonRole, LoginFailure],
    migration_dependencies=["pintar.office.piccolo_app"],
    commands=[],
)
