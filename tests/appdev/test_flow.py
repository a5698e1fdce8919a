"""The SOP-057 workflow as declared: every SOP step present with its standard, every state
reachable, who moves each stage. No database."""

from __future__ import annotations

import datetime as dt

from pintar import workflow as wf
from pintar.appdev import flow
from pintar.auth.roles import Role


def test_every_sop_step_has_a_state_with_the_sops_standard_in_working_days():
    fl = flow.REQUEST
    steps = {s.step for s in fl.states if s.step}
    assert steps == {str(n) for n in range(1, 10)}
    assert fl.state("nota").drafting and fl.state("nota").standard == wf.Standard.minutes(5)
    expected = {"diajukan": (1, 2), "srs": (5, 10), "telaah": (10, 15), "bangun": (40, 80),
                "uji_awal": (3, 7), "perbaikan": (10, 20), "uji_akhir": (3, 7), "laporan": (None, 2)}
    for code, (low, high) in expected.items():
        std = fl.state(code).standard
        assert std.unit == wf.WORKING_DAYS and std.maximum == dt.timedelta(days=high)
        assert std.minimum == (dt.timedelta(days=low) if low else None)
    assert fl.state("revisi_srs").paused and fl.state("revisi_srs").standard is None


def test_every_state_is_reachable_and_the_finals_are_final():
    assert flow.REQUEST.reachable() == set(flow.REQUEST.by_state)
    assert set(flow.FINAL_STATES) == {"pemeliharaan", "ditolak", "dibatalkan"}
    assert flow.TICKET.reachable() == set(flow.TICKET.by_state)


def test_who_moves_each_stage():
    by = {t.name: set(t.allowed) for t in flow.TRANSITIONS}
    assert by["disposisi"] == by["tolak"] == {Role.KETUA_TIP}
    assert by["kirim_srs"] == by["kirim_revisi"] == by["batal"] == {wf.REQUESTER}
    assert by["kembalikan_srs"] == by["setujui_srs"] == by["lapor"] == {wf.ASSIGNEE}
    for name in ("serahkan_uji", "hasil_uji", "selesai_perbaikan", "rilis"):
        assert by[name] == {wf.ASSIGNEE, flow.PROGRAMMER}


def test_standards_can_be_the_offices_own():
    fl = flow.build({"bangun": (None, 60)})
    assert fl.state("bangun").standard.maximum == dt.timedelta(days=60)
    assert fl.state("bangun").standard.minimum is None
    assert flow.stage_days(fl)["bangun"] == (None, 60)
