"""The two HaloCik workflows as data: SOP-052 software installation, and general IT help.

SOP-052 steps and where they live here:

1. the requester submits the ticket with the memo (5 min): the drafting state ``diisi``, entered
   when the form was opened and left by ``ajukan`` when it is submitted (``wf.start``);
2. a technician takes (or PJK TI assigns) the ticket (5 min): state ``dibuka``;
3. repository and PC specs are checked (5-10 min): state ``dicek``; "belum sesuai" either rejects
   the ticket or holds it in ``menunggu_sarana`` (waiting for a licence or hardware: paused);
4. installation (20-30 min): ``instalasi``;
5. test of the installation (20 min): ``pengujian``;
6. the requester confirms and signs the work order (30 min): ``konfirmasi``.

Step 6 is the requester's own step. Its state is a *waiting* state: the office's clock is paused
while the requester has not confirmed, because nothing the technicians do can shorten it and the
issue asks that waiting for the requester never counts against the office. The SOP's 30 minutes
are declared on that state as the requester's own standard: the shared timeline and the work
order judge the requester's step against it, the sweep reminds the requester when it passes,
and the technicians' compliance figures leave it out.

State tags used by the module: ``unassigned`` (nobody has taken it: every technician is
told), ``tech`` (the assigned technician is the one to act: "Menunggu saya"), ``spec_check``
(the spec comparison is live and the PC's specs may be updated). The queue's one-select control
offers the transitions ``inline()`` accepts: nothing to fill in but a note.
"""

from __future__ import annotations

from pintar import workflow as wf
from pintar.auth.roles import Role
from pintar.helpdesk.tables import Ticket
from pintar.i18n import lazy_gettext as _l

INSTALL = "instalasi"
HELP = "bantuan"
KINDS = (INSTALL, HELP)
KIND_LABELS = {INSTALL: _l("Instalasi perangkat lunak"), HELP: _l("Bantuan TI")}

# Who works tickets. Admin holds every role (CurrentUser.has_role), so it is implied.
STAFF_ROLES = (Role.TEKNISI, Role.PJK_TI, Role.ADMIN)
TAKERS = (Role.TEKNISI, Role.PJK_TI)
LEADS = (Role.PJK_TI,)
WORKERS = (wf.ASSIGNEE, Role.PJK_TI)  # the assigned technician, or PJK TI standing in

STEP1 = wf.State(
    "diisi", _l("Pengajuan tiket (pengisian formulir)"), standard=wf.Standard.minutes(5), step="1",
    drafting=True, description=_l("Anda sedang mengisi formulir tiket."),
)
OPENED = wf.State(
    "dibuka", _l("Menunggu diambil teknisi"), standard=wf.Standard.minutes(5), step="2",
    tags={"unassigned"}, description=_l("Tiket Anda sudah diterima dan menunggu diambil teknisi."),
)
REJECTED = wf.State("ditolak", _l("Ditolak"), final=True, tone="late",
                    description=_l("Ditolak oleh teknisi; lihat alasannya di riwayat."))
CANCELLED = wf.State("dibatalkan", _l("Dibatalkan"), final=True,
                     description=_l("Dibatalkan oleh pemohon."))
SUBMIT = wf.Transition("ajukan", ["diisi"], "dibuka", _l("Ajukan tiket"), allowed=[wf.REQUESTER])

INSTALL_FLOW = wf.Workflow(
    name="halocik",
    table=Ticket,
    initial="diisi",
    states=[
        STEP1,
        OPENED,
        wf.State(
            "dicek", _l("Cek repositori dan spesifikasi PC"),
            standard=wf.Standard.minutes(10, 5), step="3", tags={"tech", "spec_check"},
            description=_l("Teknisi sedang memeriksa ketersediaan perangkat lunak dan spesifikasi PC."),
        ),
        wf.State(
            "menunggu_sarana", _l("Menunggu lisensi/perangkat keras"), waiting="third_party",
            step="3",
            description=_l("Ditunda: menunggu lisensi atau peningkatan perangkat keras. Anda akan diberi tahu bila dilanjutkan."),
        ),
        wf.State(
            "instalasi", _l("Instalasi"), standard=wf.Standard.minutes(30, 20), step="4",
            tags={"tech"},
            description=_l("Teknisi sedang memasang perangkat lunak."),
        ),
        wf.State(
            "pengujian", _l("Uji coba hasil instalasi"), standard=wf.Standard.minutes(20), step="5",
            tags={"tech"},
            description=_l("Teknisi sedang menguji hasil instalasi."),
        ),
        wf.State(
            "konfirmasi", _l("Menunggu konfirmasi pemohon"), waiting="requester", step="6",
            standard=wf.Standard.minutes(30),  # the requester's own
            description=_l("Sudah terpasang. Mohon periksa lalu konfirmasi dan tanda tangani Dokumen Perintah Kerja."),
        ),
        wf.State("selesai", _l("Selesai"), final=True, step="6", tone="ok",
                 description=_l("Selesai: perangkat lunak terpasang dan sudah Anda konfirmasi.")),
        REJECTED,
        CANCELLED,
    ],
    transitions=[
        SUBMIT,
        wf.Transition("ambil", ["dibuka"], "dicek", _l("Ambil tiket"), allowed=TAKERS),
        wf.Transition("tugaskan", ["dibuka"], "dicek", _l("Tugaskan ke teknisi"), allowed=LEADS,
                      fields="helpdesk/_fields_tugaskan.html", style="secondary"),
        wf.Transition("sesuai", ["dicek"], "instalasi", _l("Sesuai: mulai instalasi"), allowed=WORKERS),
        wf.Transition("tunggu_lisensi", ["dicek"], "menunggu_sarana",
                      _l("Belum sesuai: tunggu lisensi"), allowed=WORKERS, needs_note=True,
                      style="secondary"),
        wf.Transition("tunggu_perangkat", ["dicek"], "menunggu_sarana",
                      _l("Belum sesuai: tunggu peningkatan perangkat keras"), allowed=WORKERS,
                      needs_note=True, style="secondary"),
        wf.Transition("lanjutkan", ["menunggu_sarana"], "dicek", _l("Sarana tersedia: cek ulang"),
                      allowed=WORKERS),
        wf.Transition("tolak_awal", ["dibuka"], "ditolak", _l("Tolak tiket"), allowed=TAKERS,
                      needs_note=True, style="danger"),
        wf.Transition("tolak", ["dicek", "menunggu_sarana"], "ditolak",
                      _l("Belum sesuai: tolak tiket"), allowed=WORKERS, needs_note=True,
                      style="danger"),
        wf.Transition("uji", ["instalasi"], "pengujian", _l("Terpasang: mulai uji coba"),
                      allowed=WORKERS),
        wf.Transition("ulang", ["pengujian"], "instalasi", _l("Uji coba gagal: pasang ulang"),
                      allowed=WORKERS, needs_note=True, style="secondary"),
        wf.Transition("serahkan", ["pengujian"], "konfirmasi",
                      _l("Uji coba berhasil: minta konfirmasi pemohon"), allowed=WORKERS),
        wf.Transition("konfirmasi", ["konfirmasi"], "selesai",
                      _l("Berfungsi: konfirmasi dan tanda tangani"), allowed=[wf.REQUESTER],
                      fields="helpdesk/_fields_konfirmasi.html"),
        wf.Transition("tolak_hasil", ["konfirmasi"], "instalasi",
                      _l("Belum berfungsi: kembalikan ke teknisi"), allowed=[wf.REQUESTER],
                      needs_note=True, style="secondary"),
        wf.Transition("batal", ["dibuka"], "dibatalkan", _l("Batalkan tiket"),
                      allowed=[wf.REQUESTER], style="danger"),
    ],
)

HELP_FLOW = wf.Workflow(
    name="halocik_bantuan",
    table=Ticket,
    initial="diisi",
    states=[
        STEP1,
        OPENED,
        wf.State("ditangani", _l("Sedang ditangani"), tags={"tech"},
                 description=_l("Teknisi sedang menangani permintaan Anda.")),
        wf.State(
            "konfirmasi", _l("Menunggu konfirmasi pemohon"), waiting="requester",
            standard=wf.Standard.minutes(30),  # the requester's own, as in SOP-052 step 6
            description=_l("Sudah ditangani. Mohon periksa lalu konfirmasi."),
        ),
        wf.State("selesai", _l("Selesai"), final=True, tone="ok",
                 description=_l("Selesai dan sudah Anda konfirmasi.")),
        REJECTED,
        CANCELLED,
    ],
    transitions=[
        SUBMIT,
        wf.Transition("ambil", ["dibuka"], "ditangani", _l("Ambil tiket"), allowed=TAKERS),
        wf.Transition("tugaskan", ["dibuka"], "ditangani", _l("Tugaskan ke teknisi"), allowed=LEADS,
                      fields="helpdesk/_fields_tugaskan.html", style="secondary"),
        wf.Transition("tangani", ["ditangani"], "konfirmasi",
                      _l("Sudah ditangani: minta konfirmasi pemohon"), allowed=WORKERS),
        wf.Transition("tolak_awal", ["dibuka"], "ditolak", _l("Tolak tiket"), allowed=TAKERS,
                      needs_note=True, style="danger"),
        wf.Transition("tolak", ["ditangani"], "ditolak", _l("Tolak tiket"), allowed=WORKERS,
                      needs_note=True, style="danger"),
        wf.Transition("konfirmasi", ["konfirmasi"], "selesai",
                      _l("Sudah beres: konfirmasi dan tanda tangani"), allowed=[wf.REQUESTER],
                      fields="helpdesk/_fields_konfirmasi.html"),
        wf.Transition("tolak_hasil", ["konfirmasi"], "ditangani",
                      _l("Belum beres: kembalikan ke teknisi"), allowed=[wf.REQUESTER],
                      needs_note=True, style="secondary"),
        wf.Transition("batal", ["dibuka"], "dibatalkan", _l("Batalkan tiket"),
                      allowed=[wf.REQUESTER], style="danger"),
    ],
)

FLOWS = {INSTALL: INSTALL_FLOW, HELP: HELP_FLOW}

# Every state of both flows, by property (the two flows share the ticket table).
FINAL_STATES = tuple(dict.fromkeys(c for f in FLOWS.values() for c in f.codes(final=True)))
TECH_ACTION_STATES = tuple(dict.fromkeys(c for f in FLOWS.values() for c in f.codes(tag="tech")))


def inline(t: wf.Transition) -> bool:
    """May the queue's one-select control offer this transition (nothing to fill in but a
    note, and made by the technicians, not the requester)?"""
    return not t.fields and wf.REQUESTER not in t.allowed


def flow_of(kind: str) -> wf.Workflow:
    return FLOWS.get(kind, INSTALL_FLOW)


def relations(ticket, user) -> set[str]:
    """The person's relations to a ticket: its requester, its assigned technician."""
    rels: set[str] = set()
    if user is None:
        return rels
    if ticket["requester"] == user.id:
        rels.add(wf.REQUESTER)
    if ticket["assignee"] is not None and ticket["assignee"] == user.id:
        rels.add(wf.ASSIGNEE)
    return rels


def is_staff(user) -> bool:
    return user is not None and user.has_role(*STAFF_ROLES)
