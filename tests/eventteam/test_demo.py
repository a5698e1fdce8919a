"""The demo office shows a living Event Team: teams, past activities with evaluations, upcoming
ones waiting for roles."""

from __future__ import annotations

from pintar import demo
from pintar.eventteam.tables import Assignment, EventTeam, Support
from tests.agenda.conftest import NOW


async def test_demo_data_fills_the_board_and_the_figures(monkeypatch):
    from pintar import clock

    with clock.frozen(NOW):
        assert await demo.create_demo("pintar-demo") is True
    assert await EventTeam.count() == 18  # six teams, last, this and next year
    assert await Support.count().where(Support.state == "selesai") >= 20
    assert await Support.count().where(Support.state == "diajukan") >= 1
    assert await Assignment.count().where(Assignment.no_show == True) >= 1  # noqa: E712


async def test_demo_zoom_bookings_around_today():
    from pintar import clock
    from pintar.zoom.tables import ZoomBooking

    with clock.frozen(NOW):
        await demo.create_demo("pintar-demo")
    states = [r["state"] for r in await ZoomBooking.select(ZoomBooking.state)]
    assert len(states) >= 6 and "disetujui" in states and "diajukan" in states
