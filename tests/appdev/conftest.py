"""Fixtures of the application development tests: the office's people, and the clock stopped
(Monday 23 November 2026, 09.00 WIB) so pages and the demo never read the machine's clock; the
builders in ``helpers.py`` make their steps earlier, in September 2026."""

from __future__ import annotations

import pytest

from tests.appdev.helpers import office


@pytest.fixture(autouse=True)
def _stopped_clock(frozen_clock):
    return frozen_clock


@pytest.fixture
async def o():
    return await office()
