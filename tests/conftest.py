"""Test harness: settings before imports, one migrated database per run, a clean slate per test.

The engine is SQLite in a temporary folder, or PostgreSQL when ``PINTAR_TEST_ENGINE=postgres``
(``make test`` runs the suite a second time that way when ``PINTAR_TEST_DATABASE_URL`` is set).
In CI (``CI=true``) a skipped test fails the run, and PostgreSQL and Redis must be configured.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# --- settings first: nothing of pintar may be imported before this ---------------------------
_VAR = Path(tempfile.mkdtemp(prefix="pintar-test-"))
os.environ["PINTAR_VAR_DIR"] = str(_VAR)
os.environ["PINTAR_SECRET_KEY"] = "test-secret-key-0123456789abcdef"
os.environ["PICCOLO_CONF"] = "piccolo_conf"
os.environ["PINTAR_FAST_PASSWORD_HASH"] = "1"  # cheap argon2 parameters for test people
os.environ.pop("PINTAR_REDIS_URL", None)  # the app runs jobs in-process unless a test says so
os.environ.pop("PINTAR_SMTP_HOST", None)
ENGINE = os.environ.get("PINTAR_TEST_ENGINE", "sqlite")
if ENGINE == "postgres":
    os.environ["PINTAR_DATABASE_URL"] = os.environ["PINTAR_TEST_DATABASE_URL"]
else:
    os.environ.pop("PINTAR_DATABASE_URL", None)
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

import pytest  # noqa: E402

from tests.helpers import Web, make_person  # noqa: E402,F401  (re-exported for tests)

pytest_plugins = ["tests.fixtures"]


def pytest_configure(config: pytest.Config) -> None:
    if IN_CI:
        missing = [
            name
            for name in ("PINTAR_TEST_DATABASE_URL", "PINTAR_TEST_REDIS_URL")
            if not os.environ.get(name)
        ]
        if missing:
            raise pytest.UsageError(f"CI needs {', '.join(missing)}: those tests must not skip")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if IN_CI and skipped:
        reporter.write_line(f"CI: {skipped} test(s) skipped; a skip in CI is a failure.", red=True)
        session.exitstatus = 1
