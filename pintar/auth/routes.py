"""Sign in and out, one's own password and preferences."""

from __future__ import annotations

from litestar import Request, Response, get, post

from pintar import i18n
from pintar.auth import admin_routes, directory, service
from pintar.errors import TooManyAttempts, UserError
from pintar.i18n import gettext as _
from pintar.i18n import lazy_gettext as _l
from pintar.web import access
from pintar.web.forms import read_form, text_value
from pintar.web.nav import NavItem
from pintar.web.session import sign_in, sign_out
from pintar.web.templating import flash, redirect, render
from pintar.web.urls import safe_local_url


@get("/masuk", opt=access.public(), name="login")
async def login_page(request: Request) -> Response:
    if request.scope.get("user") is not None:
        return redirect(request, safe_local_url(request.query_params.get("next")))
    return render(
        request,
        "auth/login.html",
        {"login": "", "next": safe_local_url(request.query_params.get("next")), "error": None},
    )


@post("/masuk", opt=access.public(), name="login_submit")
async def login_submit(request: Request) -> Response:
    form = await read_form(request)
    login = text_value(form, "login")
    next_url = safe_local_url(text_value(form, "next"))
    try:
        user = await service.authenticate(
            login,
            text_value(form, "password"),
            client=request.client.host if request.client else "",
        )
    except UserError as exc:
        status = 429 if isinstance(exc, TooManyAttempts) else 400
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyAttempts) else {}
        return render(
            request,
            "auth/login.html",
            {"login": login, "next": next_url, "error": exc.message},
            status_code=status,
            headers=headers,
        )
    sign_in(request.scope, user)
    if user.must_change_password:
        flash(request, _("Selamat datang. Silakan ganti kata sandi sementara Anda."), "info")
        response = redirect(request, "/akun/kata-sandi")
    else:
        response = redirect(request, next_url)
    # A new CSRF token for the new session: one planted before sign-in is worth nothing.
    response.delete_cookie("pintar_csrf", path="/")
    return response


@post("/keluar", opt=access.public(), name="logout")
async def logout(request: Request) -> Response:
    """Sign out: the session ends on the server's side too (the person's session epoch moves
    on), so a copy of the cookie opens nothing afterwards; it ends the person's sessions on
    other devices as well."""
    user = request.scope.get("user")
    if user is not None:
        await service.end_sessions(user.id)
    sign_out(request.scope)
    return redirect(request, "/masuk")


@get("/akun/kata-sandi", opt=access.signed_in(during_password_change=True), name="password")
async def password_page(request: Request) -> Response:
    return render(request, "auth/password.html", {"error": None, "field": None})


@post("/akun/kata-sandi", opt=access.signed_in(during_password_change=True), name="password_submit")
async def password_submit(request: Request) -> Response:
    user = request.scope["user"]
    form = await read_form(request)
    try:
        epoch = await service.change_password(
            user.id,
            text_value(form, "current"),
            text_value(form, "password"),
            text_value(form, "confirm"),
        )
    except UserError as exc:
        return render(
            request,
            "auth/password.html",
            {"error": exc.message, "field": exc.field},
            status_code=400,
        )
    fresh = await service.load_user(user.id, epoch)
    assert fresh is not None
    sign_in(request.scope, fresh)  # this session goes on; every other one has ended
    flash(request, _("Kata sandi sudah diganti."))
    return redirect(request, "/")


async def render_profile(request: Request, *, status_code: int = 200, **extra: object) -> Response:
    """The profile page; ``extra`` adds to its context (the documents form re-renders it with
    ``doc_error`` and ``doc_label`` when an upload is refused)."""
    from pintar.auth.tables import Person, Team
    from pintar.modules import MODULES

    user = request.scope["user"]
    person = await Person.select().where(Person.id == user.id).first()
    team = None
    if person and person["team"]:
        team = await Team.select(Team.name).where(Team.id == person["team"]).first()
    from pintar.auth.roles import Role

    role_labels = [Role(code).label for code in directory.sort_roles(user.roles)]
    context: dict[str, object] = {"person": person, "team": team, "role_labels": role_labels}
    if "files" in MODULES:  # "Dokumen saya": the person's own documents (pintar.files)
        from pintar.files import service as files
        from pintar.office.service import office_timezone

        context.update(
            documents=await files.documents_of(files.PERSON, user.id),
            tz=await office_timezone(),
            doc_accept=files.ACCEPT,
            doc_max=files.format_size(files.max_upload_bytes()),
            doc_error=None,
            doc_label="",
        )
    context.update(extra)
    return render(request, "auth/profile.html", context, status_code=status_code)


@get("/akun", opt=access.signed_in(), name="profile")
async def profile_page(request: Request) -> Response:
    return await render_profile(request)


@post("/akun", opt=access.signed_in(), name="profile_submit")
async def profile_submit(request: Request) -> Response:
    user = request.scope["user"]
    form = await read_form(request)
    language = text_value(form, "language", "id")
    await service.update_preferences(
        user.id,
        language=language,
        email_notifications=text_value(form, "email_notifications") == "on",
    )
    i18n.current_language.set(language if language in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE)
    flash(request, _("Pengaturan diperbarui."))  # in the language just chosen
    return redirect(request, "/akun")


ROUTES = [
    login_page,
    login_submit,
    logout,
    password_page,
    password_submit,
    profile_page,
    profile_submit,
    *admin_routes.ROUTES,
]

NAV = [
    NavItem(
        _l("Akun saya"),
        "/akun",
        access.signed_in()["access"],
        order=90,
        description=_l("Data diri, bahasa, pemberitahuan e-mail, kata sandi dan dokumen Anda."),
    ),
    *admin_routes.NAV,
]
