"""HaloCik's pages (``pages/``) and its menu entries."""

from __future__ import annotations

from pintar.helpdesk.flow import STAFF_ROLES
from pintar.helpdesk.pages import inventory, queue, tickets
from pintar.i18n import lazy_gettext as _l
from pintar.web import access
from pintar.web.nav import NavItem

ROUTES = [*tickets.ROUTES, *queue.ROUTES, *inventory.ROUTES]

STAFF_RULE = access.roles(*STAFF_ROLES)["access"]
NAV = [
    NavItem(_l("HaloCik"), "/halocik/saya", access.signed_in()["access"], order=30, group="halocik",
            description=_l("Minta instalasi perangkat lunak atau bantuan TI; ikuti tiket Anda.")),
    NavItem(_l("Antrean TI"), "/halocik/antrean", STAFF_RULE, order=31, group="halocik"),
    NavItem(_l("Repositori PL"), "/halocik/repositori", STAFF_RULE, order=32, group="halocik"),
    NavItem(_l("Inventaris PC"), "/halocik/pc", STAFF_RULE, order=33, group="halocik"),
]
