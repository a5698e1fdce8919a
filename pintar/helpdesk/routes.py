"""HaloCik pages: requesters' tickets, the technicians' queue, the repository and PC inventory."""

from __future__ import annotations

from pintar.helpdesk import pages_inventory, pages_queue, pages_tickets
from pintar.helpdesk.webutil import STAFF_RULE
from pintar.i18n import lazy_gettext as _l
from pintar.web import access
from pintar.web.nav import NavItem

ROUTES = [*pages_tickets.ROUTES, *pages_queue.ROUTES, *pages_inventory.ROUTES]

NAV = [
    NavItem(_l("HaloCik"), "/halocik/saya", access.signed_in()["access"], order=30, group="halocik",
            description=_l("Minta instalasi perangkat lunak atau bantuan TI; ikuti tiket Anda.")),
    NavItem(_l("Antrean TI"), "/halocik/antrean", STAFF_RULE, order=31, group="halocik"),
    NavItem(_l("Repositori PL"), "/halocik/repositori", STAFF_RULE, order=32, group="halocik"),
    NavItem(_l("Inventaris PC"), "/halocik/pc", STAFF_RULE, order=33, group="halocik"),
]
