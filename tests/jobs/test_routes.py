"""/tugas/<id>: the person who started a job watches it; the admin's "Uji tugas latar"."""

from __future__ import annotations

from pintar import jobs
from pintar.auth.roles import Role
from pintar.jobs import runs
from tests.helpers import make_person


async def test_admin_starts_the_demo_job_and_watches_it_finish(web):
    await make_person(Role.ADMIN, username="admin")
    await web.login("admin")
    page = await web.get("/admin/uji-tugas")
    assert page.status_code == 200 and "Uji tugas latar" in page.text
    started = await web.post("/admin/uji-tugas", {"steps": "3", "delay": "0"})
    assert started.status_code == 303
    url = started.headers["location"]
    assert url.startswith("/tugas/")
    await jobs.drain()
    done = await web.get(url)
    assert done.status_code == 200
    assert "Selesai: ada 1 pegawai aktif." in done.text
    assert 'value="100"' in done.text
    assert "hx-trigger" not in done.text.split('id="run"')[1].split("</section>")[0]
    assert 'http-equiv="refresh"' not in done.text


async def test_running_job_polls_itself_and_refreshes_without_js(web):
    owner = await make_person(Role.ADMIN, username="admin")
    run_id = await runs.create_run("jobs.count_people", owner.id, "Hitung")
    await runs.report_progress(run_id, 40, "Langkah 2 dari 5")
    await web.login("admin")
    page = await web.get(f"/tugas/{run_id}")
    assert 'hx-trigger="every 1s"' in page.text and f'hx-get="/tugas/{run_id}"' in page.text
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page.text
    assert 'value="40"' in page.text and "Langkah 2 dari 5" in page.text
    fragment = await web.get(f"/tugas/{run_id}", htmx=True)
    assert fragment.text.startswith('<section id="run"') and "<html" not in fragment.text
    assert 'hx-trigger="every 1s"' in fragment.text
    assert len(fragment.content) < 3000
    await runs.mark_done(run_id, {"message": "Laporan siap.", "link": "/akun", "link_label": "Unduh"})
    final = await web.get(f"/tugas/{run_id}", htmx=True)
    assert "hx-trigger" not in final.text and "Laporan siap." in final.text
    assert 'href="/akun"' in final.text and "Unduh" in final.text


async def test_only_the_owner_or_an_admin_may_watch(web):
    owner = await make_person(username="pemilik")
    await make_person(username="tetangga")
    await make_person(Role.ADMIN, username="admin")
    run_id = await runs.create_run("jobs.count_people", owner.id, "Milik orang")
    await web.login("tetangga")
    assert (await web.get(f"/tugas/{run_id}")).status_code == 403
    assert (await web.get("/tugas/99999")).status_code == 404
    await web.logout()
    await web.login("pemilik")
    assert (await web.get(f"/tugas/{run_id}")).status_code == 200
    await web.logout()
    await web.login("admin")
    assert (await web.get(f"/tugas/{run_id}")).status_code == 200


async def test_external_result_links_are_not_shown(web):
    owner = await make_person(username="aman")
    run_id = await runs.create_run("x", owner.id)
    await runs.mark_done(run_id, {"message": "ok", "link": "https://jahat.example/"})
    await web.login("aman")
    page = await web.get(f"/tugas/{run_id}")
    assert "jahat.example" not in page.text


async def test_demo_form_refuses_bad_input_and_non_admins(web):
    await make_person(Role.ADMIN, username="admin")
    await make_person(Role.PJK_TI, username="petugas")
    await web.login("admin")
    bad = await web.post("/admin/uji-tugas", {"steps": "500", "delay": "x"})
    assert bad.status_code == 400 and "Jumlah langkah 1–50" in bad.text
    assert 'value="500"' in bad.text and 'value="x"' in bad.text
    await web.logout()
    await web.login("petugas")
    assert (await web.get("/admin/uji-tugas")).status_code == 403
    assert (await web.post("/admin/uji-tugas", {"steps": "1", "delay": "0"})).status_code == 403
