"""SOP-321 as data: the Event Team's support of one activity, step by step.

Step 1 (coordinating with the Ketua Event Team) happens before the request, on the activity form;
step 2 creates the item; a request fewer than 3 working days ahead waits for the Ketua's
acceptance (with a recorded reason). Step 8 (the quarterly figures) reads the history.
"""

from __future__ import annotations

from typing import Any

from pintar import workflow as wf
from pintar.auth.roles import Role
from pintar.eventteam.tables import Support
from pintar.i18n import lazy_gettext as _l

LEAD = "rel:lead"  # the Ketua Event Team of the team on duty for the activity (computed)

SUPPORT = wf.Workflow(
    name="eventteam",
    table=Support,
    initial="diajukan",
    states=[
        wf.State("diajukan", _l("Diajukan, menunggu penetapan peran"), step="3",
                 standard=wf.Standard.working_days(1)),
        wf.State("menunggu_ketua", _l("Terlambat, menunggu keputusan Ketua"), step="2",
                 waiting="third_party"),
        wf.State("peran_ditetapkan", _l("Peran ditetapkan"), step="4"),
        wf.State("terlaksana", _l("Terlaksana, menunggu form evaluasi"), step="5",
                 standard=wf.Standard.working_days(1)),
        wf.State("menunggu_evaluasi", _l("Menunggu evaluasi SM"), step="6",
                 standard=wf.Standard.minutes(10), waiting="requester"),
        wf.State("evaluasi_internal", _l("Menunggu evaluasi internal Ketua"), step="7",
                 standard=wf.Standard.working_days(1)),
        wf.State("selesai", _l("Selesai"), final=True),
        wf.State("ditolak", _l("Ditolak"), final=True),
        wf.State("dibatalkan", _l("Dibatalkan"), final=True),
    ],
    transitions=[
        wf.Transition("terlambat", ["diajukan"], "menunggu_ketua", _l("Tahan: pengajuan terlambat"),
                      system=True),
        wf.Transition("terima_terlambat", ["menunggu_ketua"], "diajukan",
                      _l("Terima meski terlambat"), allowed=[LEAD], needs_note=True),
        wf.Transition("tolak", ["menunggu_ketua"], "ditolak", _l("Tolak"), allowed=[LEAD],
                      needs_note=True, style="danger"),
        wf.Transition("tetapkan", ["diajukan"], "peran_ditetapkan", _l("Tetapkan peran"),
                      allowed=[LEAD]),
        wf.Transition("terlaksana", ["peran_ditetapkan"], "terlaksana", _l("Tandai terlaksana"),
                      allowed=[wf.OWNER, LEAD]),
        wf.Transition("kirim_evaluasi", ["terlaksana"], "menunggu_evaluasi",
                      _l("Kirim form evaluasi ke SM"), allowed=[Role.CC]),
        wf.Transition("isi_evaluasi", ["menunggu_evaluasi"], "evaluasi_internal",
                      _l("Isi evaluasi"), allowed=[wf.OWNER]),
        wf.Transition("evaluasi_tim", ["evaluasi_internal"], "selesai",
                      _l("Simpan evaluasi internal"), allowed=[LEAD]),
        wf.Transition("batal", ["diajukan", "menunggu_ketua", "peran_ditetapkan"], "dibatalkan",
                      _l("Batalkan dukungan"), allowed=[wf.OWNER], needs_note=True,
                      style="danger"),
        wf.Transition("batal_kegiatan", ["diajukan", "menunggu_ketua", "peran_ditetapkan"],
                      "dibatalkan", _l("Kegiatan dibatalkan"), system=True),
    ],
)

# The board's columns (state codes in each), left to right.
COLUMNS = [
    ("diajukan", _l("Diajukan"), ("menunggu_ketua", "diajukan")),
    ("peran_ditetapkan", _l("Peran ditetapkan"), ("peran_ditetapkan",)),
    ("terlaksana", _l("Terlaksana"), ("terlaksana",)),
    ("menunggu_evaluasi", _l("Menunggu evaluasi"), ("menunggu_evaluasi", "evaluasi_internal")),
    ("selesai", _l("Selesai"), ("selesai",)),
]
# Actions made from the board with one click; the others need their form on the support page.
ONE_CLICK = ("tetapkan", "terlaksana", "kirim_evaluasi")
ACTIVE = tuple(s.code for s in SUPPORT.states if not s.final)


def relations(support: dict, user: Any, assigned: set[int] | None = None) -> set[str]:
    if user is None:
        return set()
    rels: set[str] = set()
    if support.get("owner") == user.id:
        rels.add(wf.OWNER)
    if support.get("lead") == user.id:
        rels.add(LEAD)
    if assigned and user.id in assigned:
        rels.add(wf.ASSIGNEE)
    return rels
