"""SOP-045 as declared in ``pintar.zoom.flow``: every step present with its standard, every state
reachable, and what a page offers decided by the workflow (roles, relations, preconditions)."""

from __future__ import annotations

import datetime as dt

import pytest

from pintar import workflow as wf
from pintar.auth.roles import Role
from pintar.zoom.flow import ACTIONS, CHANGES, ZOOM, relations

T0 = dt.datetime(2026, 11, 24, 3, 0, tzinfo=dt.timezone.utc)  # 10.00 in the office


class Person:
    def __init__(self, pid: int, *roles: str) -> None:
        self.id, self.roles = pid, set(roles)

    def has_role(self, *names: str) -> bool:
        return Role.ADMIN in self.roles or bool(self.roles & set(names))


REQUESTER, TIP, TI, OTHER = Person(1), Person(2, Role.KETUA_TIP), Person(3, Role.PJK_TI), Person(4)


def booking(state: str, starts_at: dt.datetime = T0, handler: int | None = None) -> dict:
    return {"id": 9, "state": state, "requester": REQUESTER.id, "handler": handler,
            "starts_at": starts_at, "ends_at": starts_at + dt.timedelta(hours=1)}


def offered(state: str, user, now: dt.datetime, **kw) -> list[str]:
    b = booking(state, **kw)
    return [t.name for t in ZOOM.available(b, user, relations(b, user), now=now)]


def test_every_sop_step_is_a_state_with_the_sops_standard() -> None:
    steps = {s.step: s for s in ZOOM.states if s.step}
    assert sorted(steps) == ["1", "2", "3", "4", "5"]
    assert steps["1"].drafting and steps["1"].code == ZOOM.initial
    assert [steps[n].standard.label for n in "12345"] == ["30 menit", "10 menit", "10 menit",
                                                          "1 jam", "5 menit"]
    assert steps["4"].standard.unit == wf.CALENDAR  # "1 jam setelah rapat": wall-clock time
    assert ZOOM.reachable() == set(ZOOM.by_state)


def test_tags_replace_the_old_state_tuples() -> None:
    assert ZOOM.codes(tag="holding") == ("diajukan", "didisposisi", "disetujui", "rekaman",
                                         "lisensi", "selesai")
    assert ZOOM.codes(tag="pending") == ("diajukan", "didisposisi")
    assert ZOOM.codes(tag="approved") == ("disetujui", "rekaman", "lisensi", "selesai")
    assert ZOOM.codes(tag="credentials") == ("disetujui", "rekaman", "lisensi")
    assert ZOOM.codes(final=True) == ("selesai", "dibatalkan", "kedaluwarsa")
    assert ZOOM.state("ditolak").paused and ZOOM.state("ditolak").tone == "late"


def test_what_each_person_is_offered_before_and_after_the_start() -> None:
    before, after = T0 - dt.timedelta(minutes=1), T0 + dt.timedelta(minutes=1)
    assert offered("diajukan", TIP, before) == ["disposisi", "tolak"]
    assert offered("diajukan", TIP, after) == ["tolak"]  # too late to pass on
    assert offered("didisposisi", TI, before, handler=TI.id) == ["setujui", "tolak"]
    assert offered("didisposisi", TI, after, handler=TI.id) == ["tolak"]
    assert offered("diajukan", REQUESTER, before) == ["ubah", "batal"]
    assert offered("disetujui", REQUESTER, after) == []  # started: neither change nor cancel
    assert offered("ditolak", REQUESTER, after) == ["batal"]  # a rejected one may always go
    assert offered("rekaman", REQUESTER, after) == ["rekaman_diunduh"]
    assert offered("rekaman", TI, after) == ["lewati_rekaman"]
    assert offered("lisensi", TI, after) == ["lisensi_beres"]
    assert offered("disetujui", OTHER, before) == []


def test_the_action_endpoint_makes_every_step_but_submitting_and_changing() -> None:
    people = {t.name for t in ZOOM.transitions if not t.system}
    assert set(ACTIONS) == people - {"ajukan", *CHANGES}
    assert {t.name for t in ZOOM.transitions if t.fields} == {"disposisi", "setujui"}
    assert {t.name for t in ZOOM.transitions if t.needs_note} == {"tolak", "lewati_rekaman"}


def test_a_precondition_is_refused_with_its_message() -> None:
    t = ZOOM.by_name["batal"]
    assert t.blocked(booking("disetujui"), T0) == "Rapat sudah dimulai; permintaan tidak dapat dibatalkan lagi."
    assert t.blocked(booking("ditolak"), T0) is None
    with pytest.raises(TypeError):  # preconditions need the item and the moment
        ZOOM.available("diajukan", TIP, set())
