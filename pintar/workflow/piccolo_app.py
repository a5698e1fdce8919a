from pathlib import Path

from piccolo.conf.apps import AppConfig

from pintar.workflow.tables import WorkflowClaim, WorkflowEvent

ROOT = Path(__file__).resolve().parents[2]

APP_CONFIG = AppConfig(
    app_name="workflow",
    migrations_folder_path=str(ROOT / "migrations" / "workflow"),
    table_classes=[WorkflowEvent, WorkflowClaim],
    migration_dependencies=["pintar.auth.piccolo_app"],
    commands=[],
)
