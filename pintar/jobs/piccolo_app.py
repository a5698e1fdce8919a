from pathlib import Path

from piccolo.conf.apps import AppConfig

from pintar.jobs.tables import JobBacklog, JobRun

ROOT = Path(__file__).resolve().parents[2]

APP_CONFIG = AppConfig(
    app_name="jobs",
    migrations_folder_path=str(ROOT / "migrations" / "jobs"),
    table_classes=[JobRun, JobBacklog],
    migration_dependencies=["pintar.auth.piccolo_app"],
    commands=[],
)
