"""Every setting of Portal Pintar, read once from ``PINTAR_*`` environment variables.

Nothing office-specific lives here: the office's name, rooms, people and holidays are data
(see ``pintar.office`` and ``pintar.cli``). These are the settings of one installation.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _env(name: str, default: str = "") -> str:
    return os.environ.get(f"PINTAR_{name}", default).strip()


def _env_int(name: str, default: int) -> int:
    raw = _env(name)
    return int(raw) if raw else default


def _env_bool(name: str, default: bool) -> bool:
    raw = _env(name).lower()
    if not raw:
        return default
    return raw in {"1", "true", "yes", "ya", "on"}


def _secret_key(var_dir: Path) -> str:
    """The key that signs sessions and encrypts secrets; generated into var/ on first run."""
    explicit = _env("SECRET_KEY")
    if explicit:
        return explicit
    path = var_dir / "secret_key"
    if not path.exists():
        var_dir.mkdir(parents=True, exist_ok=True)
        # O_EXCL so two processes starting at once cannot write two different keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32))
    return path.read_text().strip()


@dataclass(frozen=True)
class Settings:
    var_dir: Path
    database_url: str  # "" means SQLite in var/
    redis_url: str  # "" means jobs run inside the web process
    secret_key: str
    debug: bool
    base_url: str
    https: bool
    upload_max_bytes: int
    login_max_failures: int
    login_window_minutes: int
    smtp_host: str
    smtp_port: int
    smtp_user: str
    smtp_password: str
    smtp_sender: str
    smtp_starttls: bool
    demo_password: str
    zoom_buffer_minutes: int  # free minutes an account keeps between two meetings
    zoom_pending_hours: int  # business hours a Zoom request holds its slot awaiting IT
    fast_password_hash: bool  # cheap argon2 parameters: tests only, never production
    # How far ahead anything may be planned (a Zoom booking, a holiday): a date beyond it is
    # refused as a typing mistake.
    date_horizon_days: int = 730
    # A session ends this many days after sign-in however active it is (and after
    # ``SESSION_IDLE_DAYS`` without use).
    session_max_days: int = 30
    # Failed logins from one client (IP address) before it must wait, whatever account it tries.
    login_client_max_failures: int = 20
    extra: dict = field(default_factory=dict)

    @property
    def sqlite_path(self) -> Path:
        return self.var_dir / "pintar.sqlite3"

    @property
    def upload_dir(self) -> Path:
        return self.var_dir / "uploads"

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgres://", "postgresql://"))


def load_settings() -> Settings:
    var_dir = Path(_env("VAR_DIR", str(ROOT / "var"))).resolve()
    base_url = _env("BASE_URL", "http://127.0.0.1:8000").rstrip("/")
    return Settings(
        var_dir=var_dir,
        database_url=_env("DATABASE_URL"),
        redis_url=_env("REDIS_URL"),
        secret_key=_secret_key(var_dir),
        debug=_env_bool("DEBUG", False),
        base_url=base_url,
        https=_env_bool("HTTPS", base_url.startswith("https://")),
        upload_max_bytes=_env_int("UPLOAD_MAX_MB", 10) * 1024 * 1024,
        login_max_failures=_env_int("LOGIN_MAX_FAILURES", 5),
        login_window_minutes=_env_int("LOGIN_WINDOW_MINUTES", 15),
        smtp_host=_env("SMTP_HOST"),
        smtp_port=_env_int("SMTP_PORT", 25),
        smtp_user=_env("SMTP_USER"),
        smtp_password=_env("SMTP_PASSWORD"),
        smtp_sender=_env("SMTP_SENDER", "portal-pintar@localhost"),
        smtp_starttls=_env_bool("SMTP_STARTTLS", False),
        demo_password=_env("DEMO_PASSWORD", "pintar-demo"),
        zoom_buffer_minutes=max(0, _env_int("ZOOM_BUFFER_MINUTES", 15)),
        zoom_pending_hours=max(1, _env_int("ZOOM_PENDING_HOURS", 4)),
        fast_password_hash=_env("FAST_PASSWORD_HASH") == "1",
        date_horizon_days=max(1, _env_int("DATE_HORIZON_DAYS", 730)),
        session_max_days=max(1, _env_int("SESSION_MAX_DAYS", 30)),
        login_client_max_failures=max(1, _env_int("LOGIN_CLIENT_MAX_FAILURES", 20)),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()


def reset_settings() -> None:
    """Forget the cached settings (tests change the environment between apps)."""
    get_settings.cache_clear()
