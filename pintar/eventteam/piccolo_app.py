from pathlib import Path

from piccolo.conf.apps import AppConfig

from pintar.eventteam.tables import (
    Assignment,
    DutyMonth,
    EventTeam,
    PersonSlot,
    RoleNeed,
    RoleType,
    Support,
    TeamMember,
    Unavailable,
)

ROOT = Path(__file__).resolve().parents[2]

APP_CONFIG = AppConfig(
    app_name="eventteam",
    migrations_folder_path=str(ROOT / "migrations" / "eventteam"),
    table_classes=[
        EventTeam, DutyMonth, TeamMember, RoleType, Unavailable, Support, RoleNeed, Assignment,
        PersonSlot,
    ],
    migration_dependencies=["pintar.agenda.piccolo_app", "pintar.auth.piccolo_app"],
    commands=[],
)
