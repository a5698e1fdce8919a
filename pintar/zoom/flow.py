"""SOP-045 as a workflow: states, transitions, who makes them, and the SOP's time standards.

    disusun ──ajukan──▶ diajukan ──disposisi──▶ didisposisi ──setujui──▶ disetujui
    (step 1, requester,  (step 2, PJK TIP,        (step 3, PJK TI,          │ meeting ends
     30 min)              10 min)                  10 min)                   ▼ (sweep)
                                                                         rekaman (step 4,
    tolak ▶ ditolak (requester may change times: back to the check)      requester, 1 hour
    batal ▶ dibatalkan (requester, before the start)                     after the end)
    kedaluwarsa ▶ (sweep: IT did not act within the hold)                   │ unduh / lewati
                                                                            ▼
                                                 selesai ◀──lisensi_beres── lisensi (step 5,
                                                                            PJK TI, 5 min)

Step 1 is the requester's own: the item is created at submission with the history saying the
request was being written from when the form was opened (``disusun``) until it was sent.
"""

from __future__ import annotations

from pintar import workflow as wf
from pintar.auth.roles import Role
from pintar.i18n import lazy_gettext as _l
from pintar.zoom.tables import ZoomBooking

# States whose bookings hold their account's slots (pending holds included).
HOLDING = ("diajukan", "didisposisi", "disetujui", "rekaman", "lisensi", "selesai")
PENDING = ("diajukan", "didisposisi")
# Approved: on calendars, the kiosk, the office feed and in usage figures.
APPROVED = ("disetujui", "rekaman", "lisensi", "selesai")
# The requester may see the login details from an hour before the start in these states.
CREDENTIAL_STATES = ("disetujui", "rekaman", "lisensi")
CHANGEABLE = ("diajukan", "didisposisi", "disetujui", "ditolak")
IT_ROLES = (Role.KETUA_TIP, Role.PJK_TI)

ZOOM = wf.Workflow(
    name="zoom",
    table=ZoomBooking,
    initial="disusun",
    states=[
        wf.State("disusun", _l("Permohonan disusun"), step="1", standard=wf.Standard.minutes(30),
                 description=_l("Pemohon mengisi permohonan.")),
        wf.State("diajukan", _l("Menunggu disposisi PJK TIP"), step="2",
                 standard=wf.Standard.minutes(10),
                 description=_l("Permohonan Anda menunggu disposisi PJK TIP.")),
        wf.State("didisposisi", _l("Pengecekan jadwal oleh PJK TI"), step="3",
                 standard=wf.Standard.minutes(10),
                 description=_l("PJK TI sedang mengecek jadwal dan menetapkan akun.")),
        wf.State("ditolak", _l("Ditolak"), waiting="requester",
                 description=_l("Permohonan ditolak; Anda dapat mengubah waktunya atau membatalkan.")),
        wf.State("disetujui", _l("Terjadwal"),
                 description=_l("Akun Zoom sudah ditetapkan untuk rapat Anda.")),
        wf.State("rekaman", _l("Menunggu unduh rekaman"), step="4",
                 standard=wf.Standard.hours(1, unit=wf.CALENDAR),
                 description=_l("Rapat selesai; unduh rekaman cloud lalu tandai sudah diunduh.")),
        wf.State("lisensi", _l("Manajemen lisensi oleh PJK TI"), step="5",
                 standard=wf.Standard.minutes(5),
                 description=_l("PJK TI mengatur ulang akun setelah rapat.")),
        wf.State("selesai", _l("Selesai"), final=True, description=_l("Peminjaman selesai.")),
        wf.State("dibatalkan", _l("Dibatalkan"), final=True,
                 description=_l("Permohonan dibatalkan.")),
        wf.State("kedaluwarsa", _l("Kedaluwarsa"), final=True,
                 description=_l("Permohonan kedaluwarsa karena belum diproses tepat waktu.")),
    ],
    transitions=[
        wf.Transition("ajukan", ["disusun"], "diajukan", _l("Ajukan"), allowed=[wf.REQUESTER]),
        wf.Transition("disposisi", ["diajukan"], "didisposisi", _l("Teruskan ke PJK TI"),
                      allowed=[Role.KETUA_TIP]),
        wf.Transition("setujui", ["didisposisi"], "disetujui", _l("Tetapkan akun"),
                      allowed=[Role.PJK_TI]),
        wf.Transition("tolak", ["diajukan", "didisposisi"], "ditolak", _l("Tolak"),
                      allowed=[Role.KETUA_TIP, Role.PJK_TI], needs_note=True, style="danger"),
        wf.Transition("ubah", ["diajukan", "ditolak"], "diajukan", _l("Ubah waktu"), allowed=[wf.REQUESTER]),
        wf.Transition("ubah_dicek", ["didisposisi", "disetujui", "ditolak"], "didisposisi",
                      _l("Ubah waktu"), allowed=[wf.REQUESTER]),
        wf.Transition("batal", list(CHANGEABLE), "dibatalkan", _l("Batalkan"),
                      allowed=[wf.REQUESTER, Role.ADMIN], style="danger"),
        wf.Transition("kedaluwarsa", list(PENDING), "kedaluwarsa", _l("Kedaluwarsa"), system=True),
        wf.Transition("akun_nonaktif", ["disetujui"], "didisposisi", _l("Akun dinonaktifkan"),
                      system=True),
        wf.Transition("rapat_selesai", ["disetujui"], "rekaman", _l("Rapat selesai"), system=True),
        wf.Transition("rekaman_diunduh", ["rekaman"], "lisensi", _l("Rekaman sudah diunduh"),
                      allowed=[wf.REQUESTER]),
        wf.Transition("lewati_rekaman", ["rekaman"], "lisensi", _l("Lanjut tanpa konfirmasi rekaman"),
                      allowed=[Role.PJK_TI], needs_note=True, style="secondary"),
        wf.Transition("lisensi_beres", ["lisensi"], "selesai", _l("Lisensi sudah dikelola"),
                      allowed=[Role.PJK_TI]),
    ],
)


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
