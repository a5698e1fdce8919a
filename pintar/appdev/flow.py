"""SOP-057 as data: the request's stages with their standards, who moves each one, and what each
step must bring (documents, fields); and the small workflow of maintenance tickets.

SOP-057 steps and where they live:

1. the Ketua Tim sends the request memo to the Ketua TIP (5 minutes): the drafting state
   ``nota`` (from opening the form to sending it, ``ajukan``);
2. the Ketua TIP disposes it to a PJK Layanan Aplikasi (1-2 days): state ``diajukan``;
3. the requester submits the SRS on the office's template (1-2 weeks): ``srs``;
4. the PJK reviews the SRS with stakeholders and programmers, attaching the System Requirement
   Analysis (2-3 weeks): ``telaah``; sent back, the requester revises in ``revisi_srs`` (a
   *waiting* state: the review's clock pauses and resumes on the revised SRS);
5. design and build, with the system design and a prototype (2-4 months): ``bangun``;
6. initial test and evaluation with the requester, test document (3-7 days): ``uji_awal``;
7. fixes after the test (2-4 weeks): ``perbaikan``;
8. final test and release, test document and release notice (3-7 days): ``uji_akhir``;
9. completion report (2 days): ``laporan``; then ``pemeliharaan`` (maintenance: change requests
   and problem reports are tickets on the catalogue's application).

Standards are in working days of the office calendar: a week is 5 working days and a month 20.
The office may set its own per stage (``StageStandard``, see ``service.standards``); these are
the SOP's defaults. A stage finished before its minimum is flagged (``Step.too_fast``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from pintar import workflow as wf
from pintar.appdev.tables import Request, Ticket
from pintar.auth.roles import Role
from pintar.i18n import lazy_gettext as _l

PROGRAMMER = "rel:programmer"  # a programmer assigned to the request
BUILDERS = (wf.ASSIGNEE, PROGRAMMER)  # the assigned PJK Layanan Aplikasi and programmers


def relations(req: Mapping[str, Any], user: Any) -> set[str]:
    """What the person is to the request: its requester, its PJK (assignee), a programmer on it
    (``req["programmers"]``: the assigned programmers' ids)."""
    rels: set[str] = set()
    if user is None:
        return rels
    if req["requester"] == user.id:
        rels.add(wf.REQUESTER)
    if req.get("pjk") is not None and req["pjk"] == user.id:
        rels.add(wf.ASSIGNEE)
    if user.id in req.get("programmers", ()):
        rels.add(PROGRAMMER)
    return rels

WEEK = 5  # working days
MONTH = 20  # working days

STEP1_STANDARD = wf.Standard.minutes(5)  # SOP-057 step 1: writing and sending the memo

# stage -> (minimum, maximum) in working days: the SOP's "Mutu Baku"
DEFAULT_DAYS: dict[str, tuple[int | None, int]] = {
    "diajukan": (1, 2),
    "srs": (1 * WEEK, 2 * WEEK),
    "telaah": (2 * WEEK, 3 * WEEK),
    "bangun": (2 * MONTH, 4 * MONTH),
    "uji_awal": (3, 7),
    "perbaikan": (2 * WEEK, 4 * WEEK),
    "uji_akhir": (3, 7),
    "laporan": (None, 2),
}

STAGES = [
    # code, label, SOP step, description for the requester, who acts ("pemohon", "ketua_tip", …)
    ("diajukan", _l("Disposisi Ketua TIP"), "2",
     _l("Nota dinas diterima; menunggu disposisi Ketua TIP ke PJK Layanan Aplikasi.")),
    ("srs", _l("Pengajuan SRS"), "3",
     _l("Menunggu pemohon mengunggah dokumen SRS sesuai templat.")),
    ("telaah", _l("Telaah SRS"), "4",
     _l("PJK Layanan Aplikasi menelaah SRS bersama pemangku kepentingan dan programmer.")),
    ("bangun", _l("Perancangan dan pembangunan"), "5",
     _l("Aplikasi sedang dirancang dan dibangun; catatan kemajuan tampil di bawah.")),
    ("uji_awal", _l("Uji coba dan evaluasi awal"), "6",
     _l("Uji coba dan evaluasi awal bersama pemohon.")),
    ("perbaikan", _l("Perbaikan"), "7", _l("Perbaikan berdasarkan hasil uji coba.")),
    ("uji_akhir", _l("Uji coba akhir dan rilis"), "8", _l("Uji coba akhir, lalu rilis.")),
    ("laporan", _l("Laporan penyelesaian"), "9",
     _l("Aplikasi sudah dirilis; PJK menyusun laporan penyelesaian.")),
]
STAGE_CODES = [s[0] for s in STAGES]


def _states(days: dict[str, tuple[int | None, int]]) -> list[wf.State]:
    draft = wf.State("nota", _l("Pengajuan nota dinas"), step="1", standard=STEP1_STANDARD,
                     drafting=True, description=_l("Ketua Tim mengisi permintaan dan nota dinas."))
    states = [draft] + [
        wf.State(code, label, step=step, description=words,
                 standard=wf.Standard.working_days(days[code][1], days[code][0]))
        for code, label, step, words in STAGES
    ]
    states.insert(4, wf.State(
        "revisi_srs", _l("Revisi SRS oleh pemohon"), waiting="requester", step="4",
        description=_l("SRS dikembalikan dengan catatan; pemohon merevisi. Waktu telaah dijeda."),
    ))
    states += [
        wf.State("pemeliharaan", _l("Dirilis, dalam pemeliharaan"), final=True, step="9",
                 description=_l("Selesai dan dirilis; permintaan perubahan dan laporan masalah "
                                "diajukan dari katalog aplikasi.")),
        wf.State("ditolak", _l("Ditolak"), final=True,
                 description=_l("Ditolak oleh Ketua TIP; lihat alasannya di riwayat.")),
        wf.State("dibatalkan", _l("Dibatalkan"), final=True,
                 description=_l("Dibatalkan oleh pemohon.")),
    ]
    return states


STEP = "appdev/_fields_step.html"  # a step's extra inputs and documents (``EXTRA``, ``UPLOADS``)


TRANSITIONS = [
    wf.Transition("ajukan", ["nota"], "diajukan", _l("Kirim ke Ketua TIP"), allowed=[wf.REQUESTER]),
    wf.Transition("disposisi", ["diajukan"], "srs", _l("Disposisikan ke PJK Layanan Aplikasi"),
                  allowed=[Role.KETUA_TIP], fields=STEP),
    wf.Transition("tolak", ["diajukan"], "ditolak", _l("Tolak permintaan"),
                  allowed=[Role.KETUA_TIP], needs_note=True, style="danger"),
    wf.Transition("kirim_srs", ["srs"], "telaah", _l("Kirim dokumen SRS"),
                  allowed=[wf.REQUESTER], fields=STEP),
    wf.Transition("kembalikan_srs", ["telaah"], "revisi_srs", _l("Kembalikan SRS untuk direvisi"),
                  allowed=[wf.ASSIGNEE], needs_note=True, style="secondary", fields=STEP),
    wf.Transition("kirim_revisi", ["revisi_srs"], "telaah", _l("Kirim SRS hasil revisi"),
                  allowed=[wf.REQUESTER], fields=STEP),
    wf.Transition("setujui_srs", ["telaah"], "bangun",
                  _l("SRS diterima: lampirkan SRA dan mulai pembangunan"), allowed=[wf.ASSIGNEE],
                  fields=STEP),
    wf.Transition("serahkan_uji", ["bangun"], "uji_awal",
                  _l("Desain dan prototipe siap: mulai uji coba awal"), allowed=BUILDERS, fields=STEP),
    wf.Transition("hasil_uji", ["uji_awal"], "perbaikan",
                  _l("Uji coba awal selesai: mulai perbaikan"), allowed=BUILDERS, fields=STEP),
    wf.Transition("selesai_perbaikan", ["perbaikan"], "uji_akhir",
                  _l("Perbaikan selesai: mulai uji coba akhir"), allowed=BUILDERS, fields=STEP),
    wf.Transition("rilis", ["uji_akhir"], "laporan", _l("Uji coba akhir lulus: rilis aplikasi"),
                  allowed=BUILDERS, fields=STEP),
    wf.Transition("lapor", ["laporan"], "pemeliharaan",
                  _l("Kirim laporan penyelesaian"), allowed=[wf.ASSIGNEE], fields=STEP),
    wf.Transition("batal", ["diajukan", "srs", "revisi_srs"], "dibatalkan",
                  _l("Batalkan permintaan"), allowed=[wf.REQUESTER], needs_note=True,
                  style="danger"),
]


def build(days: dict[str, tuple[int | None, int]] | None = None) -> wf.Workflow:
    """The request workflow with the given standards (the SOP's when None)."""
    return wf.Workflow(name="appdev", table=Request, initial="nota",
                       states=_states({**DEFAULT_DAYS, **(days or {})}), transitions=TRANSITIONS)


REQUEST = build()  # with the SOP's standards; ``service.request_flow()`` applies the office's

FINAL_STATES = REQUEST.codes(final=True)
BUILD_STATES = ("bangun", "uji_awal", "perbaikan", "uji_akhir")


@dataclass(frozen=True)
class Upload:
    """A document a step brings: its form field, kind (``StageDocument.kind``) and label."""

    field: str
    kind: str
    label: object
    required: bool = True


# What each step must bring besides the transition itself (checked before anything is saved).
UPLOADS: dict[str, tuple[Upload, ...]] = {
    "kirim_srs": (Upload("berkas", "srs", _l("Dokumen SRS")),),
    "kirim_revisi": (Upload("berkas", "srs", _l("Dokumen SRS hasil revisi")),),
    "kembalikan_srs": (Upload("berkas", "lain", _l("Catatan telaah (berkas, tidak wajib)"), False),),
    "setujui_srs": (Upload("berkas", "sra", _l("Dokumen System Requirement Analysis")),),
    "serahkan_uji": (Upload("berkas", "desain", _l("Dokumen desain sistem")),
                     Upload("prototipe", "prototipe", _l("Prototipe (berkas)"), False)),
    "hasil_uji": (Upload("berkas", "uji", _l("Dokumen uji coba awal")),),
    "selesai_perbaikan": (Upload("berkas", "lain", _l("Catatan perbaikan (tidak wajib)"), False),),
    "rilis": (Upload("berkas", "uji", _l("Dokumen uji coba akhir")),),
    "lapor": (Upload("berkas", "laporan", _l("Laporan penyelesaian")),),
}
# The inputs a step needs besides its note and documents (partials included by STEP).
EXTRA = {
    "disposisi": "appdev/_fields_disposisi.html",
    "setujui_srs": "appdev/_fields_programmer.html",
    "serahkan_uji": "appdev/_fields_prototipe.html",
    "rilis": "appdev/_fields_rilis.html",
}
# Steps that need more than a note and a file (fields checked by ``service``).
NEEDS_PJK = {"disposisi"}
NEEDS_PROGRAMMERS = {"setujui_srs"}
NEEDS_PROTOTYPE = {"serahkan_uji"}  # a link or a file
NEEDS_RELEASE = {"rilis"}  # version, address, what it does (the release notice)

DOC_KINDS = {
    "memo": _l("Nota dinas"), "srs": _l("SRS"), "sra": _l("System Requirement Analysis"),
    "desain": _l("Desain sistem"), "prototipe": _l("Prototipe"), "uji": _l("Dokumen uji coba"),
    "laporan": _l("Laporan"), "lain": _l("Lampiran"),
}


def stage_days(flow: wf.Workflow) -> dict[str, tuple[int | None, int]]:
    out = {}
    for code in STAGE_CODES:
        std = flow.state(code).standard
        assert std is not None
        out[code] = (std.minimum.days if std.minimum is not None else None, std.maximum.days)
    return out


# --- maintenance tickets ----------------------------------------------------------------------

CHANGE, PROBLEM = "perubahan", "masalah"
TICKET_KINDS = {CHANGE: _l("Permintaan perubahan"), PROBLEM: _l("Laporan masalah")}
MAINTAINERS = (wf.ASSIGNEE, Role.PJK_APLIKASI)

TICKET = wf.Workflow(
    name="appdev_tiket",
    table=Ticket,
    initial="baru",
    states=[
        wf.State("baru", _l("Baru"), description=_l("Menunggu ditanggapi pengelola aplikasi.")),
        wf.State("diproses", _l("Sedang dikerjakan"),
                 description=_l("Pengelola aplikasi sedang mengerjakannya.")),
        wf.State("selesai", _l("Selesai"), final=True, description=_l("Sudah dikerjakan.")),
        wf.State("ditolak", _l("Ditolak"), final=True,
                 description=_l("Ditolak; lihat alasannya di riwayat.")),
        wf.State("dibatalkan", _l("Dibatalkan"), final=True,
                 description=_l("Dibatalkan oleh pelapor.")),
    ],
    transitions=[
        wf.Transition("proses", ["baru"], "diproses", _l("Kerjakan"), allowed=MAINTAINERS),
        wf.Transition("selesai", ["diproses"], "selesai", _l("Tandai selesai"),
                      allowed=MAINTAINERS, needs_note=True),
        wf.Transition("tolak", ["baru", "diproses"], "ditolak", _l("Tolak"), allowed=MAINTAINERS,
                      needs_note=True, style="danger"),
        wf.Transition("batal", ["baru"], "dibatalkan", _l("Batalkan"), allowed=[wf.REQUESTER],
                      style="danger"),
    ],
)
TICKET_FINAL = TICKET.codes(final=True)

