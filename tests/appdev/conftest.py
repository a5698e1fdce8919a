"""Fixtures of the application development tests: the office's people."""

from __future__ import annotations

import pytest

from tests.appdev.helpers import office


@pytest.fixture
async def o():
    return await office()
