from __future__ import annotations

from pintar.auth.roles import Role
from tests.helpers import make_person


async def test_login_page_is_indonesian(web):
    response = await web.get("/masuk")
    assert response.status_code == 200
    assert "Masuk ke Portal Pintar" in response.text
    assert 'lang="id"' in response.text


async def test_anonymous_is_sent_to_login(web):
    response = await web.get("/", follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"] == "/masuk?next=%2F"


async def test_login_and_home(web):
    await make_person(Role.PJK_TI, username="dedi", name="Dedi K")
    response = await web.login("dedi")
    assert response.status_code == 303
    home = await web.get("/")
    assert home.status_code == 200
    assert "Selamat datang, Dedi K" in home.text


async def test_wrong_password_message(web):
    await make_person(username="rina")
    response = await web.post("/masuk", {"login": "rina", "password": "salah-sekali"})
    assert response.status_code == 400
    assert "kata sandi salah" in response.text


async def test_post_without_csrf_is_refused(client):
    response = await client.post("/masuk", data={"login": "x", "password": "y"})
    assert response.status_code == 403
    assert "kedaluwarsa" in response.text


async def test_unknown_page_is_friendly_404(web):
    response = await web.get("/tidak-ada")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.text
    assert "<header" in response.text


async def test_healthz(web):
    response = await web.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
