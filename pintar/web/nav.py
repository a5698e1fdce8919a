"""The menu: each module contributes entries; a person sees those their roles allow.

The same entries are the home page's tiles (:func:`home_tiles`): each shows its ``description``
and, when the module gives a ``count`` function, a number (for example unread notifications)
next to its label. Counts are asked for only on the home page.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from pintar.web.access import OBJECT, PUBLIC, ROLES, SIGNED_IN, Rule

log = logging.getLogger("pintar.nav")

Count = Callable[[Any], Awaitable["int | None"]]  # (the signed-in user) -> a number, or None


@dataclass(frozen=True)
class NavItem:
    label: Any  # a LazyString, translated when shown
    url: str
    rule: Rule
    section: str = "main"  # main | admin
    order: int = 50
    description: Any = ""  # one line on the home page's tile (a LazyString)
    count: Count | None = None  # a number on the tile, e.g. what waits for this person
    count_label: Any = ""  # what the number counts ("belum dibaca"), for screen readers too
    # Entries of one module share a group: the bar shows the group's first entry the person may
    # open, and the module's pages show all of them as tabs (so the bar stays one short line).
    group: str = ""

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


def current_url(sections: dict[str, list[NavItem]], path: str) -> str:
    """The menu entry the page at ``path`` belongs to: the longest entry URL that is the path or
    one of its parents (``/zoom/antrean/5`` is under "Antrean Zoom", not also under "Zoom"); ""
    when none is."""
    best = ""
    for items in sections.values():
        for item in items:
            url = item.url
            inside = path == url or (url != "/" and path.startswith(url.rstrip("/") + "/"))
            if inside and len(url) > len(best):
                best = url
    return best


def bar_items(items: list[NavItem]) -> list[NavItem]:
    """The main bar: ungrouped entries, and of each group only its first entry."""
    seen: set[str] = set()
    out = []
    for item in items:
        if item.group:
            if item.group in seen:
                continue
            seen.add(item.group)
        out.append(item)
    return out


def group_of(sections: dict[str, list[NavItem]], url: str) -> str:
    return next((i.group for s in sections.values() for i in s if i.url == url), "")


def group_tabs(sections: dict[str, list[NavItem]], current: str) -> list[NavItem]:
    """The entries of the current page's group, shown as tabs when there is more than one."""
    group = group_of(sections, current)
    if not group:
        return []
    tabs = [i for s in sections.values() for i in s if i.group == group]
    return tabs if len(tabs) > 1 else []


@dataclass(frozen=True)
class Tile:
    item: NavItem
    count: int | None = None


async def home_tiles(user: Any) -> dict[str, list[Tile]]:
    """The home page's tiles by section: every entry the person may open except the home page
    itself, each with its count (a module whose count fails shows none rather than no page)."""
    tiles: dict[str, list[Tile]] = {}
    for section, items in visible_items(user).items():
        tiles[section] = []
        for item in items:
            if item.url == "/":
                continue
            count = None
            if item.count is not None:
                try:
                    count = await item.count(user)
                except Exception:  # one module's trouble must not take the home page down
                    log.exception("home tile count failed for %s", item.url)
            tiles[section].append(Tile(item, count))
    return tiles
