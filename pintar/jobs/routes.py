"""Watching a background job (``/tugas/<id>``), and the admin's demo job."""

from __future__ import annotations

from litestar import Request, Response, get, post
from litestar.params import FromPath

from pintar import jobs
from pintar.auth.roles import Role
from pintar.errors import NotFound
from pintar.i18n import gettext as _
from pintar.i18n import lazy_gettext as _l
from pintar.jobs import runs
from pintar.web import access
from pintar.web.forms import Reader, read_form, text_value
from pintar.web.nav import NavItem
from pintar.web.templating import redirect, render
from pintar.web.urls import is_safe_local_url

STATE_LABELS = {
    runs.QUEUED: _l("Menunggu giliran"),
    runs.RUNNING: _l("Sedang berjalan"),
    runs.DONE: _l("Selesai"),
    runs.FAILED: _l("Gagal"),
}
POLL_SECONDS = 1




@get("/tugas/{run_id:int}", opt=access.object_level("yang memulai tugas, atau admin"))
async def run_page(request: Request, run_id: FromPath[int]) -> Response:
    """The run's progress; while it runs, the fragment polls itself (or the page refreshes)."""
    user = request.scope["user"]
    run = await jobs.get_run(run_id)
    if run is None:
        raise NotFound(_("Tugas tidak ditemukan."))
    access.require(run["owner"] == user.id or user.is_admin)
    result = run["result"] if isinstance(run["result"], dict) else {}
    link = result.get("link")
    if not is_safe_local_url(link):
        link = None
    return render(
        request,
        "jobs/run.html",
        {
            "run": run,
            "state_label": STATE_LABELS.get(run["state"], run["state"]),
            "result_link": link,
            "result_link_label": result.get("link_label") or _("Buka hasil"),
            "poll_seconds": POLL_SECONDS,
        },
        block="run",
    )


@get("/admin/uji-tugas", opt=access.roles(Role.ADMIN), name="jobs_test")
async def test_page(request: Request) -> Response:
    return render(request, "jobs/test.html", {"steps": 10, "delay": "0.5", "error": None})


@post("/admin/uji-tugas", opt=access.roles(Role.ADMIN), name="jobs_test_submit")
async def test_submit(request: Request) -> Response:
    form = await read_form(request)
    raw_steps, raw_delay = text_value(form, "steps", "10"), text_value(form, "delay", "0.5")
    reader = Reader(form)
    steps = reader.integer("steps", _("Langkah"), minimum=1, maximum=50, required=True)
    delay = reader.number("delay", _("Jeda"), minimum=0, maximum=5, required=True)
    if reader.errors or steps is None or delay is None:
        return render(
            request,
            "jobs/test.html",
            {
                "steps": raw_steps,
                "delay": raw_delay,
                "error": _("Jumlah langkah 1–50 dan jeda 0–5 detik."),
            },
            status_code=400,
        )
    from pintar.jobs.jobs import count_people

    run_id = await jobs.start_run(
        count_people,
        steps,
        delay,
        owner_id=request.scope["user"].id,
        label=_("Uji tugas latar: menghitung pegawai"),
    )
    return redirect(request, f"/tugas/{run_id}")


ROUTES = [run_page, test_page, test_submit]

NAV = [
    NavItem(
        _l("Uji tugas latar"),
        "/admin/uji-tugas",
        access.roles(Role.ADMIN)["access"],
        section="admin",
        order=81,
        description=_l("Jalankan tugas kecil di latar untuk memeriksa bahwa worker berjalan."),
    )
]
