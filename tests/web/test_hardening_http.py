"""The probe's findings over HTTP: open redirects, bad input that was a 500, security headers."""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from pintar.auth.roles import Role
from tests.helpers import make_person

OFF_SITE = [
    "/\\evil.example",
    "/\\evil.example/x",
    "//evil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    "/%2F/evil.example",
    "/%5Cevil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "/x\r\nSet-Cookie: a=b",
    "/x\nLocation: //evil.example",
]


def _stays_home(response, default: str = "/") -> None:
    assert response.status_code == 303, response.text[:300]
    assert response.headers["location"] == default


@pytest.mark.parametrize("target", OFF_SITE)
async def test_login_next_never_leaves_the_site(web, target: str) -> None:
    await make_person(username="rina")
    signed_out = await web.post("/masuk", {"login": "rina", "password": "rahasia-123",
                                           "next": target})
    _stays_home(signed_out)
    signed_in = await web.get("/masuk", params={"next": target}, follow_redirects=False)
    _stays_home(signed_in)


@pytest.mark.parametrize("target", OFF_SITE)
async def test_language_switch_never_leaves_the_site(web, target: str) -> None:
    response = await web.post("/bahasa", {"lang": "en", "next": target})
    _stays_home(response)


async def test_local_targets_still_work(web) -> None:
    await make_person(username="rina")
    response = await web.post("/masuk", {"login": "rina", "password": "rahasia-123",
                                         "next": "/akun?tab=1"})
    assert response.headers["location"] == "/akun?tab=1"
    response = await web.post("/bahasa", {"lang": "en", "next": "/masuk"})
    assert response.headers["location"] == "/masuk"


async def test_notification_link_off_site_is_refused_when_stored() -> None:
    from pintar.errors import UserError
    from pintar.notify.service import clean_link

    for target in OFF_SITE:
        with pytest.raises(UserError):
            clean_link(target)
    assert clean_link("/zoom/12") == "/zoom/12"


async def test_a_field_sent_as_a_file_is_a_4xx_not_a_500(web) -> None:
    await make_person(username="rina")
    token = await web.csrf()
    files = {"next": ("next.txt", b"/akun", "text/plain")}
    login = await web.client.post(
        "/masuk", data={"login": "rina", "password": "rahasia-123"}, files=files,
        headers={"x-csrftoken": token}, follow_redirects=False,
    )
    assert login.status_code == 303 and login.headers["location"] == "/"
    lang = await web.client.post("/bahasa", data={"lang": "en"}, files=files,
                                 headers={"x-csrftoken": token}, follow_redirects=False)
    assert lang.status_code == 303 and lang.headers["location"] == "/"


async def test_csrf_token_sent_as_a_file_is_refused_in_indonesian(web) -> None:
    await web.csrf()
    response = await web.client.post(
        "/masuk", data={"login": "x", "password": "y"},
        files={"_csrf_token": ("t.txt", b"abc", "text/plain")},
    )
    assert response.status_code == 403
    assert "kedaluwarsa" in response.text


async def test_broken_multipart_body_is_refused_in_indonesian(web) -> None:
    token = await web.csrf()
    response = await web.client.post(
        "/bahasa", content=b"--x\r\nbroken",
        headers={"x-csrftoken": token, "content-type": "multipart/form-data; boundary=x"},
    )
    assert response.status_code == 400
    assert "Invalid multipart" not in response.text
    assert "tidak dapat dibaca" in response.text


async def test_long_file_name_is_not_called_too_large(web) -> None:
    await make_person(username="rina")
    await web.login("rina")
    token = await web.csrf()
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    response = await web.client.post(
        "/akun/dokumen", data={"keterangan": "SK"},
        files={"berkas": ("a" * 5000 + ".pdf", pdf, "application/pdf")},
        headers={"x-csrftoken": token},
    )
    assert 400 <= response.status_code < 500
    assert "terlalu besar" not in response.text
    assert "nama berkas" in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/notifikasi?halaman=²",
        "/notifikasi?halaman=99999999999999999999999",
        "/admin/pegawai?team=9223372036854775808",
        "/admin/pegawai?page=²",
        "/zoom?tanggal=0001-01-01",
        "/zoom?tanggal=9999-12-31",
        "/zoom/ketersediaan?day=0001-01-01&start=09:00&end=10:00",
        "/zoom/ketersediaan?day=9999-12-31&start=09:00&end=10:00&kecuali=9223372036854775808",
        "/zoom/baru?participants=9223372036854775808",
    ],
)
async def test_odd_query_values_answer_without_a_server_error(web, path: str) -> None:
    await make_person(Role.ADMIN, username="admin1")
    await web.login("admin1")
    response = await web.get(path)
    assert response.status_code < 500, response.text[:300]
    if response.status_code >= 400:
        assert "tidak valid" in response.text


async def test_far_dates_on_the_calendar_are_a_clear_400(web) -> None:
    await make_person(username="rina")
    await web.login("rina")
    response = await web.get("/zoom?tanggal=9999-12-31")
    assert response.status_code == 400
    assert "di luar jangkauan" in response.text


async def test_nul_and_newline_in_a_static_path_are_404(web) -> None:
    for path in ["/static/x%00", "/static/x%0aERROR", "/static/a%00b.css", "/zoom/%0d%0a"]:
        response = await web.get(path)
        assert response.status_code == 404, path


async def test_security_headers_on_pages_errors_and_the_kiosk(web) -> None:
    for path in ["/masuk", "/tidak-ada"]:
        response = await web.get(path)
        csp = response.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-eval" not in csp and "script-src 'self'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"
        assert response.headers["x-frame-options"] == "DENY"
        assert "strict-transport-security" not in response.headers  # plain HTTP here
    css = await web.get("/static/app.css")
    assert css.headers["x-content-type-options"] == "nosniff"


async def test_personal_pages_are_not_stored_by_caches(web) -> None:
    await make_person(username="rina")
    await web.login("rina")
    for path in ["/akun", "/", "/notifikasi"]:
        response = await web.get(path)
        assert response.headers["cache-control"] == "private, no-store", path
    bell = await web.get("/notifikasi/lonceng")
    assert bell.headers["cache-control"] == "private, no-cache"  # keeps its ETag and 304s


async def test_inline_scripts_and_styles_are_allowed_by_their_hash(web) -> None:
    from pintar.web.security import content_security_policy

    csp = content_security_policy()
    from pintar.web.templating import TEMPLATE_DIR

    kiosk = (TEMPLATE_DIR / "zoom" / "kiosk.html").read_text()
    for tag in ("script", "style"):
        for body in re.findall(rf"<{tag}>(.*?)</{tag}>", kiosk, re.S):
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"'sha256-{digest}'" in csp
    assert "frame-ancestors *" in content_security_policy(framable=True)
