"""The layout and the home page: a compact menu that needs no JavaScript, the current page marked,
home tiles drawn from the menu registry (descriptions, counts), today at the office, and error
pages that do not pretend a signed-in person is signed out."""

from __future__ import annotations

import datetime as dt
import re

from pintar.auth.roles import Role
from pintar.i18n import format_day
from pintar.notify import notify
from pintar.office import holidays
from pintar.office.service import load_calendar
from pintar.web import nav
from pintar.web.access import signed_in
from tests.helpers import make_person


def header_of(html: str) -> str:
    return html[html.index("<header") : html.index("</header>")]


def tiles_of(html: str) -> dict[str, str]:
    """Each home tile's link target -> the tile's text (tags dropped, spaces squeezed)."""
    found = re.findall(r'<li><a href="([^"]+)"><strong>(.*?)</a></li>', html, re.S)
    return {url: " ".join(re.sub(r"<[^>]+>", " ", body).split()) for url, body in found}


async def test_menu_is_a_disclosure_with_the_current_page_marked(web):
    await make_person(Role.ADMIN, username="admin1")
    await web.login("admin1")
    page = (await web.get("/admin/ruang")).text
    header = header_of(page)
    # One <details> holds the whole menu (a "Menu" button on phones, inline on wide screens),
    # the Admin submenu is a <details> inside it; both work without JavaScript.
    assert header.index('<details class="nav">') < header.index('<nav aria-label="Menu utama">')
    assert header.index('<nav aria-label="Menu utama">') < header.index('<details class="menu">')
    assert '<summary class="here">Admin</summary>' in header  # we are on an admin page
    assert re.search(r'<a href="/admin/ruang" aria-current="page">', header)
    assert 'href="/" aria-current' not in header
    # The person's name leads to their account; the bell stays outside the folded menu.
    assert '<a class="name" href="/akun">' in header
    assert header.rindex("</details>") < header.index('id="bell"')
    home = header_of((await web.get("/")).text)
    assert re.search(r'<a href="/" aria-current="page">', home)
    assert 'class="here"' not in home


def test_only_the_closest_menu_entry_is_current():
    rule = signed_in()["access"]
    sections = {
        "main": [nav.NavItem("Beranda", "/", rule), nav.NavItem("Zoom", "/zoom", rule),
                 nav.NavItem("Antrean", "/zoom/antrean", rule)],
        "admin": [nav.NavItem("Tim", "/admin/tim", rule)],
    }
    assert nav.current_url(sections, "/") == "/"
    assert nav.current_url(sections, "/zoom") == "/zoom"
    assert nav.current_url(sections, "/zoom/baru") == "/zoom"
    assert nav.current_url(sections, "/zoom/antrean/12") == "/zoom/antrean"
    assert nav.current_url(sections, "/admin/tim/3") == "/admin/tim"
    assert nav.current_url(sections, "/admin/timx") == ""
    assert nav.current_url(sections, "/zoomx") == ""


async def test_home_tiles_follow_the_menu_with_descriptions_and_counts(web):
    me = await make_person(username="rina")
    await web.login("rina")
    await notify(me.id, "Satu", "/notifikasi")
    await notify(me.id, "Dua", "/notifikasi")
    page = (await web.get("/")).text
    assert "<h1>Selamat datang, " in page
    tiles = tiles_of(page)
    mine = nav.visible_items(me)
    # A tile for every main entry this person may open, none for the home page, none for admin.
    assert set(tiles) == {i.url for i in mine["main"] if i.url != "/"}
    assert {"/notifikasi", "/akun"} <= set(tiles) and not mine["admin"]
    assert tiles["/notifikasi"].startswith("Notifikasi 2 belum dibaca")
    assert "Pemberitahuan untuk Anda" in tiles["/notifikasi"]
    assert "Administrasi" not in page

    await make_person(Role.ADMIN, username="admin2")
    await web.logout()
    await web.login("admin2")
    admin_tiles = tiles_of((await web.get("/")).text)
    visible = nav.visible_items(type("U", (), {"has_role": lambda self, *r: True})())
    expected = {i.url for section in visible.values() for i in section if i.url != "/"}
    assert set(admin_tiles) == expected
    assert "Libur nasional, cuti bersama" in admin_tiles["/admin/hari-libur"]


async def test_a_failing_count_hides_the_number_not_the_tile():
    async def broken(user):  # type: ignore[no-untyped-def]
        raise RuntimeError("the module's database is away")

    item = nav.NavItem("Rusak", "/rusak-uji", signed_in()["access"], count=broken)
    nav.register([item])
    try:
        user = await make_person(username="tile")
        tiles = await nav.home_tiles(user)
        shown = [t for t in tiles["main"] if t.item.url == "/rusak-uji"]
        assert len(shown) == 1 and shown[0].count is None
    finally:
        nav._items.remove(item)


async def test_home_says_whether_the_office_is_open_today(web):
    await make_person(username="hari")
    await web.login("hari")
    calendar = await load_calendar()
    today = dt.datetime.now(calendar.tz).date()
    await holidays.add_holidays(
        holidays.HolidayForm(
            kind=holidays.KIND_CLOSURE, starts_on=today.isoformat(), name="Kerja bakti kantor"
        )
    )
    calendar = await load_calendar()
    reopens = calendar.add_working_days(today, 0)
    page = (await web.get("/")).text
    today_card = page[page.index('class="card office-day"') : page.index("</section>")]
    assert "Kantor tutup" in today_card and "Kerja bakti kantor" in today_card
    assert f"buka lagi {format_day(reopens)}" in today_card

    closure = [h for h in await holidays.holidays_of_year(today.year) if h["day"] == today]
    for row in closure:
        if row["kind"] == holidays.KIND_CLOSURE:
            await holidays.delete_holiday(row["id"])
    calendar = await load_calendar()
    page = (await web.get("/")).text
    today_card = page[page.index('class="card office-day"') : page.index("</section>")]
    if calendar.is_working_day(today):
        opens, closes = calendar.hours_on(today)
        assert "Hari kerja" in today_card and f"{opens:%H.%M}–{closes:%H.%M}" in today_card
    else:
        assert "Kantor tutup" in today_card


async def test_unknown_address_does_not_pretend_a_signed_in_person_is_signed_out(web):
    await make_person(username="salah")
    anonymous = await web.get("/tidak-ada-halaman-ini")
    assert anonymous.status_code == 404
    assert 'class="lang"' in anonymous.text and 'href="/masuk"' in anonymous.text

    await web.login("salah")
    typo = await web.get("/tidak-ada-halaman-ini")
    assert typo.status_code == 404 and "Halaman tidak ditemukan" in typo.text
    # The router answered before the session was read: no language switch, no "Masuk".
    assert 'class="lang"' not in typo.text and 'href="/masuk"' not in typo.text
    assert 'href="/"' in typo.text

    known = await web.get("/admin/pegawai")  # a real route refusing: the layout knows who it is
    assert known.status_code == 403 and '<nav aria-label="Menu utama">' in known.text


async def test_a_module_shows_one_entry_in_the_bar_and_its_pages_as_tabs(web):
    from pintar.auth.roles import Role

    await make_person(Role.PJK_TI, Role.TEKNISI, username="dedi")
    await web.login("dedi")
    page = (await web.get("/zoom/antrean")).text
    header = page[page.index("<header") : page.index("</header>")]
    assert 'href="/zoom"' in header and 'href="/zoom/akun"' not in header
    tabs = page[page.index('class="modtabs"') : page.index("</nav>", page.index('class="modtabs"'))]
    for url in ("/zoom", "/zoom/antrean", "/zoom/akun", "/zoom/statistik"):
        assert f'href="{url}"' in tabs
    assert 'href="/zoom/antrean" aria-current="page"' in tabs
    assert 'href="/halocik/saya"' in header and 'href="/halocik/pc"' not in header


async def test_a_person_with_one_page_of_a_module_gets_no_tabs(web):
    await make_person(username="rina")
    await web.login("rina")
    page = (await web.get("/zoom")).text
    assert 'class="modtabs"' not in page
