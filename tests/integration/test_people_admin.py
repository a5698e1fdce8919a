"""The issue's people flows through HTTP: an admin creates a PJK TI with a temporary password;
that person must change it before anything else and then sees only their menu; deactivating a
person ends their sessions; the list, the forms and the team pages."""

from __future__ import annotations

import re
from typing import AsyncIterator

import httpx
import pytest

from pintar import clock
from pintar.auth import directory
from pintar.auth.roles import Role
from pintar.auth.tables import Person
from tests.helpers import PASSWORD, Web, make_person

NIP = "198501012010011001"
TEMP = "sementara-123"


@pytest.fixture
async def other(app, client) -> AsyncIterator[Web]:
    """A second browser on the same running app (the ``client`` fixture runs its lifespan)."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver.local") as c:
        yield Web(c)


@pytest.fixture
async def admin(web) -> Web:
    await make_person(Role.ADMIN, username="admin", name="Admin Portal")
    await web.login("admin")
    return web


def header(html: str) -> str:
    return html[html.index("<header") : html.index("</header>")]


def new_person(**kw) -> dict:
    data = {
        "username": "dedi",
        "nip": NIP,
        "name": "Dedi Kurniawan",
        "email": "dedi@bps.go.id",
        "whatsapp": "0812 3456 7890",
        "team_id": "",
        "roles": [Role.PJK_TI.value],
        "password": TEMP,
    }
    data.update(kw)
    return data


async def test_new_person_form_has_the_agreed_fields(admin):
    page = await admin.get("/admin/pegawai/baru")
    assert page.status_code == 200
    for name in ("username", "nip", "name", "email", "whatsapp", "password"):
        assert f'name="{name}"' in page.text
    assert '<select id="team_id" name="team_id">' in page.text
    for role in Role:
        assert f'name="roles" value="{role.value}"' in page.text
    assert re.search(r"<button[^>]*>Simpan</button>", page.text)
    assert 'action="/admin/pegawai/baru"' in page.text


async def test_admin_creates_a_pjk_ti_who_changes_the_password_and_sees_only_their_menu(
    admin, other
):
    team = await directory.save_team(None, "Teknologi Informasi")
    created = await admin.post("/admin/pegawai/baru", new_person(team_id=str(team)))
    assert created.status_code == 303, created.text[-2000:]
    person_id = int(created.headers["location"].rsplit("/", 1)[1])
    assert created.headers["location"] == f"/admin/pegawai/{person_id}"
    shown = await admin.get(created.headers["location"])
    assert "Pegawai Dedi Kurniawan dibuat." in shown.text
    row = await directory.get_person(person_id)
    assert (row["nip"], row["whatsapp"], row["team"]) == (NIP, "6281234567890", team)
    assert row["roles"] == [Role.PEGAWAI, Role.PJK_TI]

    # The new person logs in (by NIP) and must change the temporary password first.
    login = await other.post("/masuk", {"login": NIP, "password": TEMP})
    assert login.status_code == 303
    assert login.headers["location"] == "/akun/kata-sandi"
    for path in ("/", "/akun", "/admin/pegawai", "/admin/tim", f"/admin/pegawai/{person_id}"):
        response = await other.get(path)
        assert response.status_code == 302, path
        assert response.headers["location"] == "/akun/kata-sandi", path
    refused = await other.post("/akun", {"language": "en"})
    assert refused.headers["location"] == "/akun/kata-sandi"
    form = await other.get("/akun/kata-sandi")
    assert form.status_code == 200 and "kata sandi sementara" in form.text

    changed = await other.post(
        "/akun/kata-sandi",
        {"current": TEMP, "password": "milik-dedi-1", "confirm": "milik-dedi-1"},
    )
    assert changed.status_code == 303 and changed.headers["location"] == "/"

    home = await other.get("/")
    assert home.status_code == 200
    nav = header(home.text)
    assert 'href="/akun"' in nav and 'href="/"' in nav
    assert "/admin/" not in nav
    assert "<summary>Admin</summary>" not in nav
    assert "/admin/" not in home.text
    assert (await other.get("/admin/pegawai")).status_code == 403

    # The admin, by contrast, has the admin section.
    admin_nav = header((await admin.get("/")).text)
    menu = admin_nav[admin_nav.index("<summary>Admin</summary>") :]
    assert 'href="/admin/pegawai"' in menu and 'href="/admin/tim"' in menu


async def test_a_bad_form_comes_back_with_everything_typed_and_the_field_marked(admin):
    await make_person(username="dedi")
    team = await directory.save_team(None, "Teknologi Informasi")
    response = await admin.post(
        "/admin/pegawai/baru",
        new_person(team_id=str(team), roles=[Role.PJK_TI.value, Role.TEKNISI.value]),
    )
    assert response.status_code == 400
    html = response.text
    assert re.search(r'<input id="username"[^>]*aria-invalid="true"', html)
    assert re.search(r'<input id="username"[^>]*aria-describedby="[^"]*err-username', html)
    assert '<p class="field-error" id="err-username">Nama pengguna ini sudah dipakai pegawai lain.</p>' in html
    assert 'value="dedi"' in html and f'value="{NIP}"' in html
    assert 'value="Dedi Kurniawan"' in html and 'value="dedi@bps.go.id"' in html
    assert 'value="0812 3456 7890"' in html
    assert f'<option value="{team}" selected>' in html
    assert 'value="pjk_ti" checked' in html and 'value="teknisi" checked' in html
    assert 'value="kepala" checked' not in html
    assert TEMP not in html  # the password is never sent back
    assert await Person.count() == 2  # admin and the first dedi only

    bad_nip = await admin.post("/admin/pegawai/baru", new_person(username="dedi2", nip="12345"))
    assert bad_nip.status_code == 400
    assert re.search(r'<input id="nip"[^>]*aria-invalid="true"', bad_nip.text)
    assert "NIP harus 18 digit angka." in bad_nip.text
    assert not re.search(r'<input id="username"[^>]*aria-invalid', bad_nip.text)

    bad_team = await admin.post("/admin/pegawai/baru", new_person(username="dedi2", team_id="abc"))
    assert bad_team.status_code == 400
    assert 'aria-invalid="true" aria-describedby="err-team_id"' in bad_team.text

    # "Simpan" names one thing on the page, the button (a browser test clicks text=Simpan).
    main = html[html.index("<main") :]
    assert len(re.findall("simpan", main, re.I)) == 1

    short = await admin.post("/admin/pegawai/baru", new_person(username="dedi2", password="x"))
    assert short.status_code == 400
    assert re.search(r'<input id="password"[^>]*aria-invalid="true"', short.text)


async def test_edit_saves_and_new_roles_count_at_once(admin, other):
    person = await make_person(Role.PJK_TI, username="dedi", name="Dedi")
    await other.login("dedi")
    page = await admin.get(f"/admin/pegawai/{person.id}")
    assert page.status_code == 200
    assert 'value="dedi"' in page.text and 'value="pjk_ti" checked' in page.text
    assert 'name="password"' in page.text  # only in the temporary-password form
    assert f'action="/admin/pegawai/{person.id}/kata-sandi"' in page.text

    saved = await admin.post(
        f"/admin/pegawai/{person.id}",
        new_person(name="Dedi Kurniawan", roles=[Role.PJK_TI.value, Role.ADMIN.value]),
    )
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/admin/pegawai/{person.id}"
    after = (await admin.get(saved.headers["location"])).text
    assert "Data Dedi Kurniawan diperbarui." in after
    assert len(re.findall("simpan", after[after.index("<main") :], re.I)) == 1
    assert '<a href="/admin/pegawai" aria-current="page">' in header(after)
    # The person's very next page already shows the admin section.
    assert 'href="/admin/pegawai"' in header((await other.get("/")).text)

    clash = await admin.post(f"/admin/pegawai/{person.id}", new_person(username="admin"))
    assert clash.status_code == 400
    assert "Nama pengguna ini sudah dipakai pegawai lain." in clash.text
    assert 'value="admin"' in clash.text  # what was typed, not what is stored

    missing = await admin.get("/admin/pegawai/999999")
    assert missing.status_code == 404 and "Pegawai tidak ditemukan." in missing.text
    huge = await admin.get(f"/admin/pegawai/{2**40}")
    assert huge.status_code == 404


async def test_deactivation_ends_the_persons_sessions_at_once(admin, other):
    person = await make_person(Role.PJK_TI, username="dedi", name="Dedi")
    await other.login("dedi")
    assert (await other.get("/")).status_code == 200

    off = await admin.post(f"/admin/pegawai/{person.id}/nonaktif")
    assert off.status_code == 303
    page = await admin.get(off.headers["location"])
    assert "Dedi dinonaktifkan; semua sesinya berakhir." in page.text
    assert f'action="/admin/pegawai/{person.id}/aktif"' in page.text

    kicked = await other.get("/")
    assert kicked.status_code == 302
    assert kicked.headers["location"] == "/masuk?next=%2F"
    refused = await other.post("/masuk", {"login": "dedi", "password": PASSWORD})
    assert refused.status_code == 400

    inactive = await admin.get("/admin/pegawai?status=nonaktif")
    assert "Dedi" in inactive.text and "Nonaktif" in inactive.text

    on = await admin.post(f"/admin/pegawai/{person.id}/aktif")
    assert on.status_code == 303
    await other.login("dedi")
    assert (await other.get("/")).status_code == 200


async def test_an_admin_cannot_deactivate_themselves(admin):
    me = await Person.select(Person.id).where(Person.username == "admin").first()
    response = await admin.post(f"/admin/pegawai/{me['id']}/nonaktif")
    assert response.status_code == 400
    assert "Anda tidak dapat menonaktifkan akun Anda sendiri." in response.text
    assert (await admin.get("/")).status_code == 200


async def test_temporary_password_reset(admin, other):
    person = await make_person(username="rina", name="Rina")
    await other.login("rina")
    short = await admin.post(f"/admin/pegawai/{person.id}/kata-sandi", {"password": "pendek"})
    assert short.status_code == 400
    assert re.search(r'<input id="password"[^>]*aria-invalid="true"', short.text)
    assert "Kata sandi minimal 8 karakter." in short.text

    done = await admin.post(f"/admin/pegawai/{person.id}/kata-sandi", {"password": TEMP})
    assert done.status_code == 303
    assert "Kata sandi sementara Rina sudah disetel." in (await admin.get(done.headers["location"])).text
    assert (await other.get("/")).headers["location"] == "/masuk?next=%2F"
    login = await other.post("/masuk", {"login": "rina", "password": TEMP})
    assert login.headers["location"] == "/akun/kata-sandi"


async def test_people_list_searches_as_you_type_and_pages(admin):
    team = await directory.save_team(None, "Statistik Sosial")
    await make_person(Role.PJK_TI, username="dedi", name="Dedi Kurniawan")
    await make_person(username="rina", name="Rina Marlina", team_id=team)
    await Person.insert(
        *[
            Person(username=f"massal{i:02d}", name=f"Massal {i:02d}", created_at=clock.now())
            for i in range(55)
        ]
    )
    page = await admin.get("/admin/pegawai")
    assert page.status_code == 200
    search = re.search(r"<input id=\"q\" name=\"q\"[^>]*>", page.text, re.S).group(0)
    assert 'hx-get="/admin/pegawai"' in search and "delay:300ms" in search
    assert 'hx-target="#people-rows"' in search
    assert '<tbody id="people-rows">' in page.text
    assert page.text.count('<a href="/admin/pegawai/') == 50
    assert "58 pegawai" in page.text and "halaman 1 dari 2" in page.text
    assert 'page=2" rel="next"' in page.text
    second = await admin.get("/admin/pegawai?page=2")
    assert second.text.count('<a href="/admin/pegawai/') == 8

    fragment = await admin.get("/admin/pegawai?q=kurni", htmx=True)
    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith('<tbody id="people-rows">')
    assert "<html" not in fragment.text
    assert "Dedi Kurniawan" in fragment.text and "Rina" not in fragment.text
    assert "PJK TI" in fragment.text
    assert 'id="people-pager"' in fragment.text and 'hx-swap-oob="true"' in fragment.text
    assert "HX-Request" in fragment.headers["vary"]

    plain = await admin.get("/admin/pegawai?q=kurni")  # the same search without JavaScript
    assert "<html" in plain.text and "Dedi Kurniawan" in plain.text and "Rina" not in plain.text
    by_role = await admin.get("/admin/pegawai?role=pjk_ti")
    assert "Dedi Kurniawan" in by_role.text and "Massal" not in by_role.text
    by_team = await admin.get(f"/admin/pegawai?team={team}")
    assert "Rina Marlina" in by_team.text and "Dedi" not in by_team.text
    odd = await admin.get("/admin/pegawai?page=x&team=y&role=z&status=w")
    assert odd.status_code == 200


async def test_teams_pages(admin):
    created = await admin.post("/admin/tim", {"name": "Teknologi Informasi", "active": "on"})
    assert created.status_code == 303 and created.headers["location"] == "/admin/tim"
    team = (await directory.list_teams())[0]["id"]
    await make_person(Role.KETUA_TIM, username="ketua", name="Rahmat Saputra", team_id=team)
    await make_person(Role.PJK_TI, username="dedi", team_id=team)

    page = await admin.get("/admin/tim")
    assert "Tim Teknologi Informasi dibuat." in page.text
    row = page.text[page.text.index(f'href="/admin/tim/{team}"') :]
    row = row[: row.index("</tr>")]
    assert "Rahmat Saputra" in row and re.search(r"<td[^>]*>2</td>", row)

    twin = await admin.post("/admin/tim", {"name": "teknologi informasi", "active": "on"})
    assert twin.status_code == 400
    assert "Nama tim ini sudah ada." in twin.text and 'value="teknologi informasi"' in twin.text
    assert re.search(r'<input id="name"[^>]*aria-invalid="true"', twin.text)

    edit = await admin.get(f"/admin/tim/{team}")
    assert edit.status_code == 200 and "Rahmat Saputra" in edit.text
    saved = await admin.post(f"/admin/tim/{team}", {"name": "TI dan Inovasi"})  # unticked
    assert saved.status_code == 303
    teams = await directory.list_teams()
    assert (teams[0]["name"], teams[0]["active"]) == ("TI dan Inovasi", False)
    empty = await admin.post(f"/admin/tim/{team}", {"name": " ", "active": "on"})
    assert empty.status_code == 400 and "Nama tim wajib diisi." in empty.text
    assert (await admin.get("/admin/tim/999999")).status_code == 404
    assert (await admin.post("/admin/tim/999999", {"name": "X"})).status_code == 404


async def test_only_admins_reach_the_admin_pages(web):
    anonymous = await web.get("/admin/pegawai")
    assert anonymous.status_code == 302
    assert anonymous.headers["location"] == "/masuk?next=%2Fadmin%2Fpegawai"
    await make_person(Role.PJK_TI, Role.KEPALA, username="dedi")
    await web.login("dedi")
    for path in ("/admin/pegawai", "/admin/pegawai/baru", "/admin/tim"):
        response = await web.get(path)
        assert response.status_code == 403, path
        assert "Anda tidak berhak membuka halaman ini." in response.text
    created = await web.post("/admin/pegawai/baru", new_person(username="penyusup"))
    assert created.status_code == 403
    assert not await Person.exists().where(Person.username == "penyusup")
