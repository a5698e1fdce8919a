"""Admin pages for the office's days: holidays, cuti bersama and closures, and special hours.

Routes parse the form, call ``pintar.office.holidays`` / ``pintar.office.hours``, and render; a
refused input re-renders the form with what was typed and status 400. Row actions (confirm a
holiday, count it as a day off, delete) swap only their row for HTMX and redirect back without
JavaScript.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from litestar import Request, Response, get, post
from litestar.enums import MediaType
from litestar.params import FromPath

from pintar.errors import UserError
from pintar.i18n import gettext as _
from pintar.i18n import lazy_gettext as _l
from pintar.office import holidays, hours, workdays
from pintar.office.web import admin, common, redirect, text
from pintar.web.forms import read_form
from pintar.web.nav import NavItem
from pintar.web.templating import flash, render, wants_fragment

# --- holidays, cuti bersama, closures ---------------------------------------------------------


async def _holidays_page(
    request: Request,
    year: int,
    form: holidays.HolidayForm,
    error: UserError | None = None,
) -> Response:
    rows = await holidays.holidays_of_year(year)
    calendar = await workdays.load_calendar([year])
    working_days = calendar.working_days_between(dt.date(year - 1, 12, 31), dt.date(year, 12, 31))
    current = await holidays.this_year()
    coverage = await workdays.decree_coverage({year, current, current + 1})
    return render(
        request,
        "office/holidays.html",
        {
            **common(),
            "year": year,
            "holidays": rows,
            "working_days": working_days,
            "decree_missing": [y for y, known in sorted(coverage.items()) if not known],
            "form": form,
            "error": error.message if error else None,
            "field": error.field if error else None,
        },
        status_code=400 if error else 200,
    )


@get("/admin/hari-libur", opt=admin(), name="holidays")
async def holidays_page(request: Request) -> Response:
    year = holidays.check_year(request.query_params.get("tahun"), await holidays.this_year())
    return await _holidays_page(request, year, holidays.HolidayForm())


@post("/admin/hari-libur", opt=admin(), name="holiday_add")
async def holiday_add(request: Request) -> Response:
    data = await read_form(request)
    form = holidays.HolidayForm(
        kind=text(data, "kind"),
        starts_on=text(data, "starts_on"),
        ends_on=text(data, "ends_on"),
        name=text(data, "name"),
        is_day_off=bool(data.get("is_day_off")),
    )
    try:
        await holidays.add_holidays(form)
    except UserError as exc:
        year = holidays.check_year(text(data, "tahun"), await holidays.this_year())
        return await _holidays_page(request, year, form, exc)
    year = dt.date.fromisoformat(form.starts_on.strip()).year
    flash(request, _("%(kind)s ditambahkan.", kind=holidays.kind_label(form.kind)))
    return redirect(request, f"/admin/hari-libur?tahun={year}")


async def _holiday_row(request: Request, row: dict, message: str) -> Response:
    if wants_fragment(request):
        return render(
            request, "office/holidays.html", {**common(), "h": row}, block="holiday_row"
        )
    flash(request, message)
    return redirect(request, f"/admin/hari-libur?tahun={row['day'].year}")


@post("/admin/hari-libur/{holiday_id:int}/konfirmasi", opt=admin(), name="holiday_confirm")
async def holiday_confirm(request: Request, holiday_id: FromPath[int]) -> Response:
    row = await holidays.confirm_holiday(holiday_id)
    return await _holiday_row(request, row, _("Tanggal %(name)s dikonfirmasi.", name=row["name"]))


@post("/admin/hari-libur/{holiday_id:int}/dihitung-libur", opt=admin(), name="holiday_day_off")
async def holiday_day_off(request: Request, holiday_id: FromPath[int]) -> Response:
    data = await read_form(request)
    row = await holidays.set_holiday_day_off(holiday_id, text(data, "is_day_off") == "1")
    message = (
        _("%(name)s dihitung hari libur.", name=row["name"])
        if row["is_day_off"]
        else _("%(name)s tidak dihitung hari libur.", name=row["name"])
    )
    return await _holiday_row(request, row, message)


@post("/admin/hari-libur/{holiday_id:int}/hapus", opt=admin(), name="holiday_delete")
async def holiday_delete(request: Request, holiday_id: FromPath[int]) -> Response:
    row = await holidays.get_holiday(holiday_id)
    await holidays.delete_holiday(holiday_id)
    if wants_fragment(request):
        return Response(content="", media_type=MediaType.HTML, status_code=200)
    flash(request, _("%(name)s dihapus.", name=row["name"]))
    return redirect(request, f"/admin/hari-libur?tahun={row['day'].year}")


async def _holiday_page(
    request: Request, row: dict, form: holidays.HolidayEdit, error: UserError | None = None
) -> Response:
    return render(
        request,
        "office/holiday.html",
        {
            **common(),
            "h": row,
            "form": form,
            "error": error.message if error else None,
            "field": error.field if error else None,
        },
        status_code=400 if error else 200,
    )


@get("/admin/hari-libur/{holiday_id:int}", opt=admin(), name="holiday_edit")
async def holiday_edit(request: Request, holiday_id: FromPath[int]) -> Response:
    row = await holidays.get_holiday(holiday_id)
    form = holidays.HolidayEdit(row["name"], row["day"].isoformat(), row["is_day_off"])
    return await _holiday_page(request, row, form)


@post("/admin/hari-libur/{holiday_id:int}", opt=admin(), name="holiday_save")
async def holiday_save(request: Request, holiday_id: FromPath[int]) -> Response:
    row = await holidays.get_holiday(holiday_id)
    data = await read_form(request)
    form = holidays.HolidayEdit(
        name=text(data, "name"), day=text(data, "day"), is_day_off=bool(data.get("is_day_off"))
    )
    try:
        saved = await holidays.update_holiday(holiday_id, form)
    except UserError as exc:
        return await _holiday_page(request, row, form, exc)
    flash(request, _("%(name)s disimpan.", name=saved["name"]))
    return redirect(request, f"/admin/hari-libur?tahun={saved['day'].year}")


# --- special office hours ---------------------------------------------------------------------


def _override_form(data: Any) -> hours.OverrideForm:
    return hours.OverrideForm(
        starts_on=text(data, "starts_on"),
        ends_on=text(data, "ends_on"),
        weekday=text(data, "weekday"),
        opens=text(data, "opens"),
        closes=text(data, "closes"),
        note=text(data, "note"),
    )


async def _overrides_page(
    request: Request,
    form: hours.OverrideForm,
    error: UserError | None = None,
    editing: dict | None = None,
) -> Response:
    return render(
        request,
        "office/overrides.html",
        {
            **common(),
            "overrides": await hours.list_overrides(),
            "form": form,
            "editing": editing,
            "error": error.message if error else None,
            "field": error.field if error else None,
        },
        status_code=400 if error else 200,
    )


@get("/admin/jam-khusus", opt=admin(), name="overrides")
async def overrides_page(request: Request) -> Response:
    return await _overrides_page(request, hours.OverrideForm())


@post("/admin/jam-khusus", opt=admin(), name="override_add")
async def override_add(request: Request) -> Response:
    form = _override_form(await read_form(request))
    try:
        await hours.save_override(None, form)
    except UserError as exc:
        return await _overrides_page(request, form, exc)
    flash(request, _("Jam kerja khusus ditambahkan."))
    return redirect(request, "/admin/jam-khusus")


@get("/admin/jam-khusus/{override_id:int}", opt=admin(), name="override_edit")
async def override_edit(request: Request, override_id: FromPath[int]) -> Response:
    row = await hours.get_override(override_id)
    return await _overrides_page(request, hours.override_form_of(row), editing=row)


@post("/admin/jam-khusus/{override_id:int}", opt=admin(), name="override_save")
async def override_save(request: Request, override_id: FromPath[int]) -> Response:
    row = await hours.get_override(override_id)
    form = _override_form(await read_form(request))
    try:
        await hours.save_override(override_id, form)
    except UserError as exc:
        return await _overrides_page(request, form, exc, editing=row)
    flash(request, _("Jam kerja khusus disimpan."))
    return redirect(request, "/admin/jam-khusus")


@post("/admin/jam-khusus/{override_id:int}/hapus", opt=admin(), name="override_delete")
async def override_delete(request: Request, override_id: FromPath[int]) -> Response:
    await hours.delete_override(override_id)
    if wants_fragment(request):
        return Response(content="", media_type=MediaType.HTML, status_code=200)
    flash(request, _("Jam kerja khusus dihapus."))
    return redirect(request, "/admin/jam-khusus")


ROUTES = [
    holidays_page,
    holiday_add,
    holiday_confirm,
    holiday_day_off,
    holiday_delete,
    holiday_edit,
    holiday_save,
    overrides_page,
    override_add,
    override_edit,
    override_save,
    override_delete,
]

_ADMIN_RULE = admin()["access"]
NAV = [
    NavItem(
        _l("Hari libur dan penutupan"),
        "/admin/hari-libur",
        _ADMIN_RULE,
        section="admin",
        order=32,
        description=_l("Libur nasional, cuti bersama dan penutupan kantor."),
    ),
    NavItem(
        _l("Jam kerja khusus"),
        "/admin/jam-khusus",
        _ADMIN_RULE,
        section="admin",
        order=33,
        description=_l("Jam kerja lain untuk rentang tanggal tertentu, misalnya Ramadan."),
    ),
]
