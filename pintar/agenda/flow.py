"""The agenda's workflow as data: an activity is scheduled (and may be postponed, a step that
keeps its state) or cancelled. Only its owner (the SM) or an admin may change it."""

from __future__ import annotations

from typing import Any

from pintar import workflow as wf
from pintar.agenda.tables import Activity
from pintar.auth.roles import Role
from pintar.i18n import lazy_gettext as _l

AGENDA = wf.Workflow(
    name="agenda",
    table=Activity,
    initial="terjadwal",
    states=[
        wf.State("terjadwal", _l("Terjadwal")),
        wf.State("dibatalkan", _l("Dibatalkan"), final=True),
    ],
    transitions=[
        wf.Transition("ubah", ["terjadwal"], "terjadwal", _l("Ubah"),
                      allowed=[wf.OWNER, Role.ADMIN], style="secondary"),
        wf.Transition("tunda", ["terjadwal"], "terjadwal", _l("Tunda (jadwal baru)"),
                      allowed=[wf.OWNER, Role.ADMIN], style="secondary"),
        wf.Transition("batal", ["terjadwal"], "dibatalkan", _l("Batalkan kegiatan"),
                      allowed=[wf.OWNER, Role.ADMIN], needs_note=True, style="danger"),
    ],
)
ACTIVE = ("terjadwal",)


def relations(activity: dict, user: Any) -> set[str]:
    if user is None:
        return set()
    return {wf.OWNER} if activity["owner"] == user.id else set()
