"""The Zoom module's routes and menu entries (collected from ``pages/``)."""

from __future__ import annotations

from pintar.auth.roles import Role
from pintar.i18n import lazy_gettext as _l
from pintar.web import access
from pintar.web.nav import NavItem
from pintar.zoom.flow import IT_ROLES
from pintar.zoom.pages import booking, it, public

ROUTES = [*booking.ROUTES, *it.ROUTES, *public.ROUTES]
NAV = [
    NavItem(_l("Zoom"), "/zoom", access.signed_in()["access"], order=20, group="zoom",
            description=_l("Pinjam akun Zoom kantor untuk rapat daring; lihat jadwal akun.")),
    NavItem(_l("Antrean Zoom"), "/zoom/antrean", access.roles(*IT_ROLES)["access"], order=22,
            group="zoom"),
    NavItem(_l("Akun Zoom"), "/zoom/akun", access.roles(Role.PJK_TI)["access"], order=23,
            group="zoom"),
    NavItem(_l("Statistik Zoom"), "/zoom/statistik",
            access.roles(Role.KETUA_TIP, Role.PJK_TI, Role.KEPALA)["access"], order=24,
            group="zoom"),
    NavItem(_l("Kios & kalender Zoom"), "/zoom/tautan", access.roles(Role.ADMIN)["access"],
            section="admin", order=42),
]
