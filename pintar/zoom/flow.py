"""SOP-045 as a workflow: states, transitions, who makes them, their preconditions and the SOP's
time standards (see docs/zoom.md for the step → code map).

    disusun ──ajukan──▶ diajukan ──disposisi──▶ didisposisi ──setujui──▶ disetujui
    (step 1, requester,  (step 2, PJK TIP,        (step 3, PJK TI,          │ meeting ends
     30 min; drafting)    10 min)                  10 min)                   ▼ (sweep)
                                                                         rekaman (step 4,
    tolak ▶ ditolak (requester may change times: back to the check)      requester, 1 hour
    batal ▶ dibatalkan (requester, before the start)                     after the end)
    kedaluwarsa ▶ (sweep: IT did not act within the hold)                   │ unduh / lewati
                                                                            ▼
                                                 selesai ◀──lisensi_beres── lisensi (step 5,
                                                                            PJK TI, 5 min)

Step 1 is the requester's own: a ``drafting`` state the history enters when the form was opened
and leaves (``ajukan``) when it was sent, both written when the request is created
(``wf.start``).

State tags, asked through ``ZOOM.codes(tag=...)`` and ``"x" in state.tags`` (never a tuple):

- ``holding``: the booking holds its account's slots (pending holds included);
- ``pending``: waiting for IT's decision; its hold expires (``hold_until``);
- ``approved``: on calendars, the kiosk, the office feed and in usage figures;
- ``credentials``: the requester may see the login details (from an hour before the start);
- ``queue``: listed in IT's queue.
"""

from __future__ import annotations

from pintar import workflow as wf
from pintar.auth.roles import Role
from pintar.i18n import lazy_gettext as _l
from pintar.zoom.tables import ZoomBooking

IT_ROLES = (Role.KETUA_TIP, Role.PJK_TI)

# "Only before the meeting starts", as each refusal says it.
NOT_STARTED_FORWARD = wf.Precondition(
    lambda b, now: now < b["starts_at"],
    _l("Rapat sudah dimulai; permintaan tidak dapat diteruskan lagi."))
NOT_STARTED_ASSIGN = wf.Precondition(
    lambda b, now: now < b["starts_at"],
    _l("Rapat sudah dimulai; permintaan tidak dapat disetujui lagi."))
NOT_STARTED_CHANGE = wf.Precondition(
    lambda b, now: now < b["starts_at"],
    _l("Rapat sudah dimulai; waktunya tidak dapat diubah lagi."))
# A rejected request may be withdrawn at any time (it holds nothing).
NOT_STARTED_CANCEL = wf.Precondition(
    lambda b, now: now < b["starts_at"] or b["state"] == "ditolak",
    _l("Rapat sudah dimulai; permintaan tidak dapat dibatalkan lagi."))

_CHANGEABLE = ["diajukan", "didisposisi", "disetujui", "ditolak"]

ZOOM = wf.Workflow(
    name="zoom",
    table=ZoomBooking,
    initial="disusun",
    states=[
        wf.State("disusun", _l("Permohonan disusun"), step="1", standard=wf.Standard.minutes(30),
                 drafting=True, description=_l("Pemohon mengisi permohonan.")),
        wf.State("diajukan", _l("Menunggu disposisi PJK TIP"), step="2",
                 standard=wf.Standard.minutes(10), tags={"holding", "pending", "queue"},
                 description=_l("Permohonan Anda menunggu disposisi PJK TIP.")),
        wf.State("didisposisi", _l("Pengecekan jadwal oleh PJK TI"), step="3",
                 standard=wf.Standard.minutes(10), tags={"holding", "pending", "queue"},
                 description=_l("PJK TI sedang mengecek jadwal dan menetapkan akun.")),
        wf.State("ditolak", _l("Ditolak"), waiting="requester", tone="late",
                 description=_l("Permohonan ditolak; Anda dapat mengubah waktunya atau membatalkan.")),
        wf.State("disetujui", _l("Terjadwal"), tone="ok",
                 tags={"holding", "approved", "credentials"},
                 description=_l("Akun Zoom sudah ditetapkan untuk rapat Anda.")),
        wf.State("rekaman", _l("Menunggu unduh rekaman"), step="4",
                 standard=wf.Standard.hours(1, unit=wf.CALENDAR),
                 tags={"holding", "approved", "credentials", "queue"},
                 description=_l("Rapat selesai; unduh rekaman cloud lalu tandai sudah diunduh.")),
        wf.State("lisensi", _l("Manajemen lisensi oleh PJK TI"), step="5",
                 standard=wf.Standard.minutes(5),
                 tags={"holding", "approved", "credentials", "queue"},
                 description=_l("PJK TI mengatur ulang akun setelah rapat.")),
        wf.State("selesai", _l("Selesai"), final=True, tone="ok", tags={"holding", "approved"},
                 description=_l("Peminjaman selesai.")),
        wf.State("dibatalkan", _l("Dibatalkan"), final=True,
                 description=_l("Permohonan dibatalkan.")),
        wf.State("kedaluwarsa", _l("Kedaluwarsa"), final=True,
                 description=_l("Permohonan kedaluwarsa karena belum diproses tepat waktu.")),
    ],
    transitions=[
        wf.Transition("ajukan", ["disusun"], "diajukan", _l("Ajukan"), allowed=[wf.REQUESTER]),
        wf.Transition("disposisi", ["diajukan"], "didisposisi", _l("Teruskan ke PJK TI"),
                      allowed=[Role.KETUA_TIP], requires=[NOT_STARTED_FORWARD],
                      fields="zoom/_fields_disposisi.html"),
        wf.Transition("setujui", ["didisposisi"], "disetujui", _l("Tetapkan akun"),
                      allowed=[Role.PJK_TI], requires=[NOT_STARTED_ASSIGN],
                      fields="zoom/_fields_setujui.html"),
        wf.Transition("tolak", ["diajukan", "didisposisi"], "ditolak", _l("Tolak"),
                      allowed=[Role.KETUA_TIP, Role.PJK_TI], needs_note=True, style="danger"),
        # Changing the times is a whole form (``service.change``), not a button: the page links
        # to it when one of these two is available.
        wf.Transition("ubah", ["diajukan", "ditolak"], "diajukan", _l("Ubah waktu"),
                      allowed=[wf.REQUESTER], requires=[NOT_STARTED_CHANGE]),
        wf.Transition("ubah_dicek", ["didisposisi", "disetujui", "ditolak"], "didisposisi",
                      _l("Ubah waktu"), allowed=[wf.REQUESTER], requires=[NOT_STARTED_CHANGE]),
        wf.Transition("batal", _CHANGEABLE, "dibatalkan", _l("Batalkan permintaan"),
                      allowed=[wf.REQUESTER, Role.ADMIN], style="danger",
                      requires=[NOT_STARTED_CANCEL]),
        wf.Transition("kedaluwarsa", ["diajukan", "didisposisi"], "kedaluwarsa", _l("Kedaluwarsa"),
                      system=True),
        wf.Transition("akun_nonaktif", ["disetujui"], "didisposisi", _l("Akun dinonaktifkan"),
                      system=True),
        wf.Transition("rapat_selesai", ["disetujui"], "rekaman", _l("Rapat selesai"), system=True),
        wf.Transition("rekaman_diunduh", ["rekaman"], "lisensi", _l("Rekaman sudah diunduh"),
                      allowed=[wf.REQUESTER]),
        wf.Transition("lewati_rekaman", ["rekaman"], "lisensi",
                      _l("Lanjut tanpa konfirmasi rekaman"), allowed=[Role.PJK_TI],
                      needs_note=True, style="secondary"),
        wf.Transition("lisensi_beres", ["lisensi"], "selesai", _l("Lisensi sudah dikelola"),
                      allowed=[Role.PJK_TI]),
    ],
)

# The two ways of changing the times (a form of their own, see above).
CHANGES = ("ubah", "ubah_dicek")
# Made through the generic action endpoint (``service.act``): everything a person does on a
# request except submitting it and changing its times.
ACTIONS = tuple(t.name for t in ZOOM.transitions
                if not t.system and t.name not in CHANGES and t.name != "ajukan")


def relations(booking: dict, user) -> set[str]:
    """The person's relations to a booking (requester, the PJK TI it was passed to)."""
    rels: set[str] = set()
    if user is None:
        return rels
    if booking.get("requester") == user.id:
        rels.add(wf.REQUESTER)
    if booking.get("handler") == user.id:
        rels.add(wf.ASSIGNEE)
    return rels


def is_it(user) -> bool:
    return user is not None and user.has_role(*IT_ROLES)


def sees_credentials_always(user) -> bool:
    """PJK TI and admins may see account login details at any time."""
    return user is not None and user.has_role(Role.PJK_TI)
