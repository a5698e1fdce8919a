"""The roles of DESIGN.md. Codes are stable (stored in the database); labels are translated."""

from __future__ import annotations

from enum import StrEnum

from pintar.i18n import lazy_gettext as _l


class Role(StrEnum):
    PEGAWAI = "pegawai"
    KETUA_TIM = "ketua_tim"
    KETUA_TIP = "ketua_tip"
    PJK_TI = "pjk_ti"
    TEKNISI = "teknisi"
    PJK_APLIKASI = "pjk_aplikasi"
    PROGRAMMER = "programmer"
    KETUA_EVENT = "ketua_event"
    ANGGOTA_EVENT = "anggota_event"
    CC = "cc"
    CAN = "can"
    KEPALA = "kepala"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.PEGAWAI: _l("Pegawai"),
    Role.KETUA_TIM: _l("Ketua Tim"),
    Role.KETUA_TIP: _l("Ketua/PJK TIP"),
    Role.PJK_TI: _l("PJK TI"),
    Role.TEKNISI: _l("Teknisi"),
    Role.PJK_APLIKASI: _l("PJK Layanan Aplikasi"),
    Role.PROGRAMMER: _l("Programmer"),
    Role.KETUA_EVENT: _l("Ketua Event Team"),
    Role.ANGGOTA_EVENT: _l("Anggota Event Team"),
    Role.CC: _l("Change Champion (CC)"),
    Role.CAN: _l("Change Agent Network (CAN)"),
    Role.KEPALA: _l("Kepala"),
    Role.ADMIN: _l("Admin"),
}

ALL_ROLES = tuple(Role)
