"""For the Ketua TIP, PJK Layanan Aplikasi and Kepala: the portfolio with its Gantt, the
compliance figures and the office's standards; for programmers and PJK: "Tugas saya"."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Controller, Request, Response, get, post

from pintar.appdev import charts, flow, queries, service
from pintar.appdev.pages.common import OVERSEE, STANDARDS, TASKS
from pintar.auth.roles import Role
from pintar.i18n import gettext as _
from pintar.web import provide
from pintar.web.forms import FormInvalid, parse_id
from pintar.web.templating import flash, redirect, render


def _filters(request: Request, fl: Any) -> queries.Filters:
    params = request.query_params
    stage = params.get("tahap") or "aktif"
    if stage not in queries.STAGE_FILTERS and stage not in fl.by_state:
        stage = "aktif"
    return queries.Filters(team=parse_id(params.get("tim")), stage=stage,
                           person=parse_id(params.get("orang")))


class OverviewPages(Controller):
    path = "/aplikasi"
    opt = OVERSEE
    dependencies = provide.COMMON

    @get("/portofolio", name="appdev_portfolio")
    async def portfolio(self, request: Request, now: provide.Now,
                        calendar: provide.Calendar) -> Response:
        fl = await service.request_flow()
        f = _filters(request, fl)
        after = request.query_params.get("setelah")
        rows, more = await queries.portfolio(f, after=after if isinstance(after, str) else None)
        items = await queries.decorate(rows, fl, calendar, now)
        people = {}
        for role in (Role.PJK_APLIKASI, Role.PROGRAMMER, Role.KETUA_TIM):
            for p in await service.people_with(role):
                people[p["id"]] = p["name"]
        return render(request, "appdev/portfolio.html", {
            "rows": [r for r, _s in items],
            "gantt": charts.gantt([(r, s) for r, s in items if not r["final"]], fl, calendar, now),
            "more": more,
            "next_url": "/aplikasi/portofolio?" + urlencode({**f.query, "setelah": more or ""}),
            "f": f, "teams": await service.teams(),
            "people": sorted(people.items(), key=lambda p: p[1]),
            "stages": [(s.code, str(s.label)) for s in fl.states if not s.drafting],
            "counts": await queries.stage_counts(f), "tz": calendar.tz,
        }, block="results")

    @get("/kepatuhan", name="appdev_compliance")
    async def compliance(self, request: Request, user: provide.User, now: provide.Now,
                         calendar: provide.Calendar) -> Response:
        this_year = now.astimezone(calendar.tz).year
        year = parse_id(request.query_params.get("tahun")) or this_year
        if not 2000 <= year <= this_year + 1:
            year = this_year
        return render(request, "appdev/compliance.html",
                      await _compliance_context(user, now, calendar, year, {}, {}))

    @post("/standar", opt=STANDARDS, name="appdev_standards")
    async def standards(self, request: Request, user: provide.User, now: provide.Now,
                        calendar: provide.Calendar) -> Response:
        form = await request.form()
        try:
            await service.set_standards(user, form, now=now)
        except FormInvalid as exc:
            values = {k: (v if isinstance(v, str) else "") for k, v in form.items()}
            ctx = await _compliance_context(user, now, calendar, now.astimezone(calendar.tz).year,
                                            values, exc.errors)
            return render(request, "appdev/compliance.html", ctx, status_code=422)
        flash(request, _("Standar waktu tahap disimpan."))
        return redirect(request, "/aplikasi/kepatuhan#standar")

    @get("/tugas", opt=TASKS, name="appdev_tasks")
    async def tasks(self, request: Request, user: provide.User, now: provide.Now,
                    calendar: provide.Calendar) -> Response:
        fl = await service.request_flow()
        items = await queries.decorate(await queries.tasks(user), fl, calendar, now)
        return render(request, "appdev/tasks.html", {
            "rows": [r for r, _s in items], "tz": calendar.tz,
            "tickets": await queries.open_tickets_for(user, all_apps=user.has_role(Role.PJK_APLIKASI)),
        })


async def _compliance_context(user: Any, now: Any, calendar: Any, year: int, values: dict,
                              errors: dict) -> dict:
    fl = await service.request_flow()
    if not values:
        for code, (low, high) in flow.stage_days(fl).items():
            values[f"min_{code}"] = str(low) if low is not None else ""
            values[f"max_{code}"] = str(high)
    return {
        "figures": await queries.compliance(fl, calendar, now, year=year), "year": year,
        "stages": flow.STAGES, "values": values, "errors": errors,
        "can_edit": user.has_role(*service.STANDARD_EDITORS), "defaults": flow.DEFAULT_DAYS,
    }


ROUTES = [OverviewPages]
