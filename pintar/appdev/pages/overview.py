"""For the Ketua TIP, PJK Layanan Aplikasi and Kepala: the portfolio with its Gantt, the
compliance figures and the office's standards; for programmers and PJK: "Tugas saya"."""

from __future__ import annotations

from urllib.parse import urlencode

from litestar import Request as HttpRequest
from litestar import Response, get, post

from pintar.appdev import charts, flow, queries, service
from pintar.appdev.pages.common import OVERSEE, STANDARDS, TASKS, int_param, now
from pintar.auth.roles import Role
from pintar.helpdesk.forms import FormInvalid
from pintar.i18n import gettext as _
from pintar.office.calendar import load_calendar
from pintar.web.templating import flash, redirect, render


def _filters(request: HttpRequest, fl) -> queries.Filters:
    params = request.query_params
    stage = params.get("tahap") or "aktif"
    if stage not in queries.STAGE_FILTERS and stage not in fl.by_state:
        stage = "aktif"
    return queries.Filters(team=int_param(params.get("tim")), stage=stage,
                           person=int_param(params.get("orang")))


@get("/aplikasi/portofolio", opt=OVERSEE, name="appdev_portfolio")
async def portfolio(request: HttpRequest) -> Response:
    fl = await service.request_flow()
    cal = await load_calendar()
    moment = now()
    f = _filters(request, fl)
    after = request.query_params.get("setelah")
    rows, more = await queries.portfolio(f, after=after if isinstance(after, str) else None)
    items = await queries.decorate(rows, fl, cal, moment)
    people = {}
    for role in (Role.PJK_APLIKASI, Role.PROGRAMMER, Role.KETUA_TIM):
        for p in await service.people_with(role):
            people[p["id"]] = p["name"]
    return render(request, "appdev/portfolio.html", {
        "rows": [r for r, _s in items],
        "gantt": charts.gantt([(r, s) for r, s in items if not r["final"]], fl, cal, moment),
        "more": more, "next_url": "/aplikasi/portofolio?" + urlencode({**f.query, "setelah": more or ""}),
        "f": f, "teams": await service.teams(), "people": sorted(people.items(), key=lambda p: p[1]),
        "stages": [(s.code, str(s.label)) for s in fl.states],
        "counts": await queries.stage_counts(f), "tz": cal.tz,
    }, block="results")


@get("/aplikasi/kepatuhan", opt=OVERSEE, name="appdev_compliance")
async def compliance(request: HttpRequest) -> Response:
    fl = await service.request_flow()
    cal = await load_calendar()
    moment = now()
    this_year = moment.astimezone(cal.tz).year
    year = int_param(request.query_params.get("tahun")) or this_year
    if not 2000 <= year <= this_year + 1:
        year = this_year
    return render(request, "appdev/compliance.html", await _compliance_context(request, year, {}, {}))


async def _compliance_context(request: HttpRequest, year: int, values: dict, errors: dict) -> dict:
    fl = await service.request_flow()
    cal = await load_calendar()
    days = flow.stage_days(fl)
    if not values:
        for code, (low, high) in days.items():
            values[f"min_{code}"] = str(low) if low is not None else ""
            values[f"max_{code}"] = str(high)
    return {
        "figures": await queries.compliance(fl, cal, now(), year=year), "year": year,
        "stages": flow.STAGES, "values": values, "errors": errors,
        "can_edit": request.scope["user"].has_role(*service.STANDARD_EDITORS),
        "defaults": flow.DEFAULT_DAYS,
    }


@post("/aplikasi/standar", opt=STANDARDS, name="appdev_standards")
async def save_standards(request: HttpRequest) -> Response:
    form = await request.form()
    values = {k: (v if isinstance(v, str) else "") for k, v in form.items()}
    try:
        await service.set_standards(request.scope["user"], form, now=now())
    except FormInvalid as exc:
        ctx = await _compliance_context(request, now().year, values, exc.errors)
        return render(request, "appdev/compliance.html", ctx, status_code=422)
    flash(request, _("Standar waktu tahap disimpan."))
    return redirect(request, "/aplikasi/kepatuhan#standar")


@get("/aplikasi/tugas", opt=TASKS, name="appdev_tasks")
async def tasks(request: HttpRequest) -> Response:
    user = request.scope["user"]
    fl = await service.request_flow()
    cal = await load_calendar()
    items = await queries.decorate(await queries.tasks(user), fl, cal, now())
    return render(request, "appdev/tasks.html", {
        "rows": [r for r, _s in items], "tz": cal.tz,
        "tickets": await queries.open_tickets_for(
            user, all_apps=user.has_role(Role.PJK_APLIKASI)),
    })


ROUTES = [portfolio, compliance, save_standards, tasks]
