from pathlib import Path

from piccolo.conf.apps import AppConfig

from pintar.office.tables import (
    DecreeYear,
    Holiday,
    HolidayYear,
    HoursOverride,
    Office,
    OfficeHours,
    Room,
)

ROOT = Path(__file__).resolve().parents[2]

APP_CONFIG = AppConfig(
    app_name="office",
    migrations_folder_path=str(ROOT / "migrations" / "office"),
    table_classes=[Office, OfficeHours, HoursOverride, Holiday, HolidayYear, DecreeYear, Room],
    migration_dependencies=[],
    commands=[],
)
