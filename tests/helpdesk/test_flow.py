"""HaloCik's workflows as declared: every SOP-052 step present with the SOP's standard, every
state reachable, the groups the module asks for by property (no database)."""

from __future__ import annotations

import datetime as dt

from pintar import workflow as wf
from pintar.helpdesk.flow import (
    FINAL_STATES,
    FLOWS,
    HELP_FLOW,
    INSTALL_FLOW,
    TECH_ACTION_STATES,
    inline,
)

MIN = dt.timedelta(minutes=1)


def test_every_sop_052_step_has_its_state_and_standard():
    by_step: dict[str, list[wf.State]] = {}
    for state in INSTALL_FLOW.states:
        by_step.setdefault(state.step, []).append(state)
    standards = {step: [(s.code, s.standard.maximum if s.standard else None,
                         s.standard.minimum if s.standard else None) for s in states]
                 for step, states in by_step.items() if step}
    assert standards == {
        "1": [("diisi", 5 * MIN, None)],
        "2": [("dibuka", 5 * MIN, None)],
        "3": [("dicek", 10 * MIN, 5 * MIN), ("menunggu_sarana", None, None)],
        "4": [("instalasi", 30 * MIN, 20 * MIN)],
        "5": [("pengujian", 20 * MIN, None)],
        "6": [("konfirmasi", 30 * MIN, None), ("selesai", None, None)],
    }
    # Step 1 is the requester's form; step 6 is the requester's own wait.
    assert INSTALL_FLOW.state(INSTALL_FLOW.initial).drafting
    assert INSTALL_FLOW.state("konfirmasi").waiting == "requester"
    assert INSTALL_FLOW.state("menunggu_sarana").waiting == "third_party"


def test_every_state_is_reachable_and_every_flow_starts_with_the_form():
    for flow in FLOWS.values():
        assert flow.reachable() == set(flow.by_state)
        assert [t.name for t in flow.submits()] == ["ajukan"]


def test_groups_come_from_state_properties():
    assert FINAL_STATES == ("selesai", "ditolak", "dibatalkan")
    assert TECH_ACTION_STATES == ("dicek", "instalasi", "pengujian", "ditangani")
    assert HELP_FLOW.codes(waiting=True) == ("konfirmasi",)
    assert {s.code: s.tone for s in INSTALL_FLOW.states if s.final} == {
        "selesai": "ok", "ditolak": "late", "dibatalkan": "muted"}


def test_the_queue_offers_only_what_needs_nothing_but_a_note():
    offered = {t.name for flow in FLOWS.values() for t in flow.transitions if inline(t)}
    assert offered == {"ambil", "sesuai", "tunggu_lisensi", "tunggu_perangkat", "lanjutkan",
                       "tolak_awal", "tolak", "uji", "ulang", "serahkan", "tangani"}
