from pathlib import Path

from piccolo.conf.apps import AppConfig

from pintar.appdev.tables import (
    Application,
    Note,
    Programmer,
    Request,
    StageDocument,
    StageStandard,
    Ticket,
)

ROOT = Path(__file__).resolve().parents[2]

APP_CONFIG = AppConfig(
    app_name="appdev",
    migrations_folder_path=str(ROOT / "migrations" / "appdev"),
    table_classes=[Application, Request, Programmer, StageDocument, Note, StageStandard, Ticket],
    migration_dependencies=["pintar.auth.piccolo_app", "pintar.workflow.piccolo_app"],
    commands=[],
)
