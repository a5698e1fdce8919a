"""Redis smoke test: an app configured with ``PINTAR_REDIS_URL`` reports Redis in ``/healthz``.

Uses the Redis named by ``PINTAR_TEST_REDIS_URL``. Outside CI, without it, the test is skipped;
in CI the URL is required (tests/conftest.py) and a skip fails the run anyway.
"""

from __future__ import annotations

import os
from typing import Iterator

import httpx
import pytest

from pintar.config import get_settings, reset_settings
from tests.fixtures import running

pytestmark = pytest.mark.redis

REDIS_URL = os.environ.get("PINTAR_TEST_REDIS_URL", "")


@pytest.fixture
def redis_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    if not REDIS_URL:
        pytest.skip("PINTAR_TEST_REDIS_URL is not set")
    monkeypatch.setenv("PINTAR_REDIS_URL", REDIS_URL)
    reset_settings()
    yield REDIS_URL
    monkeypatch.undo()
    reset_settings()  # later tests get the settings without Redis again


async def test_healthz_reports_redis_ok(redis_settings: str):
    assert get_settings().redis_url == redis_settings
    from pintar.web.app import create_app

    app = create_app()
    async with running(app):
        assert app.state.jobs.pool is not None, "the app did not connect to Redis"
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver.local") as c:
            response = await c.get("/healthz")
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}


async def test_healthz_without_redis_says_not_configured(web):
    response = await web.get("/healthz")
    assert response.status_code == 200
    assert response.json()["redis"] == "not configured"
