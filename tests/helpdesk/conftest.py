"""Fixtures of the HaloCik tests: the people of SOP-052, a PC and a repository entry, and the
notifications sent (recorded instead of delivered)."""

from __future__ import annotations

import pytest

from pintar.auth.roles import Role
from pintar.helpdesk.tables import Ticket
from pintar.notify import service as notify_service
from tests.helpdesk.helpers import make_pc, make_software
from tests.helpers import make_person


@pytest.fixture
def sent(monkeypatch):
    box: list[tuple[list, str, str]] = []

    async def capture(recipients, message, link, **kw):
        box.append((list(recipients), message, link))

    monkeypatch.setattr(notify_service, "notify", capture)
    return box


@pytest.fixture
async def office():
    """A requester with a PC, two technicians, a PJK TI and a repository entry."""
    people = {
        "rina": await make_person(username="rina", name="Rina Marlina"),
        "budi": await make_person(username="budi", name="Budi Santoso"),
        "andi": await make_person(Role.TEKNISI, username="andi", name="Andi Pratama"),
        "yoga": await make_person(Role.TEKNISI, username="yoga", name="Yoga Firmansyah"),
        "dedi": await make_person(Role.PJK_TI, username="dedi", name="Dedi Kurniawan"),
        "admin": await make_person(Role.ADMIN, username="adm"),
    }
    people["pc"] = await make_pc("3100102001-001", holder=people["rina"].id)
    people["spss"] = await make_software("SPSS", "26")
    return people


async def state_of(ticket_id: int) -> dict:
    return await Ticket.select().where(Ticket.id == ticket_id).first()
