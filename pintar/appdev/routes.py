"""Application development pages (``pages/``) and the menu."""

from __future__ import annotations

from pintar.appdev import queries
from pintar.appdev.pages import ROUTES
from pintar.appdev.pages.common import ADMIN, OVERSEE, TASKS
from pintar.i18n import lazy_gettext as _l
from pintar.web import access
from pintar.web.nav import NavItem

NAV = [
    NavItem(_l("Aplikasi"), "/aplikasi", access.signed_in()["access"], order=40, group="appdev",
            description=_l("Katalog aplikasi kantor; minta aplikasi baru atau perubahan."),
            count=queries.waiting_count, count_label=_l("menunggu Anda")),
    NavItem(_l("Permintaan saya"), "/aplikasi/permintaan", access.signed_in()["access"], order=41,
            group="appdev"),
    NavItem(_l("Tugas saya"), "/aplikasi/tugas", TASKS["access"], order=42, group="appdev"),
    NavItem(_l("Portofolio"), "/aplikasi/portofolio", OVERSEE["access"], order=43, group="appdev"),
    NavItem(_l("Kepatuhan SOP"), "/aplikasi/kepatuhan", OVERSEE["access"], order=44,
            group="appdev"),
    NavItem(_l("Templat SRS"), "/admin/templat-srs", ADMIN["access"], section="admin", order=60),
]

__all__ = ["NAV", "ROUTES"]
