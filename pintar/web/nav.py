"""The menu: each module contributes entries; a person sees those their roles allow."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pintar.web.access import OBJECT, PUBLIC, ROLES, SIGNED_IN, Rule


@dataclass(frozen=True)
class NavItem:
    label: Any  # a LazyString, translated when shown
    url: str
    rule: Rule
    section: str = "main"  # main | admin
    order: int = 50

    def visible_to(self, user: Any) -> bool:
        if self.rule.kind == PUBLIC:
            return True
        if user is None:
            return False
        if self.rule.kind in (SIGNED_IN, OBJECT):
            return True
        if self.rule.kind == ROLES:
            return user.has_role(*self.rule.roles)
        return False


_items: list[NavItem] = []


def register(items: list[NavItem]) -> None:
    for item in items:
        if item not in _items:
            _items.append(item)
    _items.sort(key=lambda i: (i.section, i.order))


def visible_items(user: Any) -> dict[str, list[NavItem]]:
    sections: dict[str, list[NavItem]] = {"main": [], "admin": []}
    for item in _items:
        if item.visible_to(user):
            sections.setdefault(item.section, []).append(item)
    return sections
