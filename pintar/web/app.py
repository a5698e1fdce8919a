"""``create_app()``: plugins, routes of every module, templates, static files, lifespan."""

from __future__ import annotations

import importlib
import logging
from contextlib import asynccontextmanager
from typing import AsyncIterator

from litestar import Litestar, Response
from litestar.config.compression import CompressionConfig
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import CacheControlHeader
from litestar.logging.config import LoggingConfig
from litestar.plugins.htmx import HTMXPlugin
from litestar.static_files import create_static_files_router

from pintar import db
from pintar.config import Settings, get_settings
from pintar.modules import MODULES
from pintar.web import nav
from pintar.web.access import access_guard, public
from pintar.web.errors import EXCEPTION_HANDLERS
from pintar.web.security import (
    FormFieldGuard,
    install_log_cleaning,
    protect_var_dir,
    security_headers,
)
from pintar.web.session import UserMiddleware, session_config
from pintar.web.templating import STATIC_DIR, collect_page_context

log = logging.getLogger("pintar")


def _module_routes() -> list:
    routes: list = []
    for name in ["portal", *MODULES]:
        try:
            module = importlib.import_module(f"pintar.{name}.routes")
        except ModuleNotFoundError as exc:
            if exc.name == f"pintar.{name}.routes":
                continue  # a module without pages
            raise
        routes.extend(module.ROUTES)
        nav.register(getattr(module, "NAV", []))
    return routes


def _after_request(response: Response) -> Response:
    # Pages and their HTMX fragments share a URL; caches must keep them apart.
    vary = response.headers.get("Vary")
    if not vary:
        response.headers["Vary"] = "HX-Request"
    elif "HX-Request" not in vary:
        response.headers["Vary"] = vary + ", HX-Request"
    return response


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or get_settings()
    install_log_cleaning()
    from pintar import jobs
    from pintar.office.service import office_summary

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        await db.start_pool()
        protect_var_dir(settings)
        app.state.office_summary = await office_summary()
        runner = await jobs.start(settings)
        app.state.jobs = runner
        try:
            yield
        finally:
            await jobs.stop(runner)
            await db.close_pool()

    static_router = create_static_files_router(
        path="/static",
        directories=[STATIC_DIR],
        cache_control=CacheControlHeader(public=True, max_age=31536000, immutable=True),
        opt=public(),
        include_in_schema=False,
    )
    csrf_secret = "csrf:" + settings.secret_key
    return Litestar(
        route_handlers=[static_router, *_module_routes()],
        guards=[access_guard],
        middleware=[session_config(settings).middleware, UserMiddleware(), FormFieldGuard()],
        csrf_config=CSRFConfig(
            secret=csrf_secret,
            cookie_name="pintar_csrf",
            cookie_secure=settings.https,
            cookie_httponly=False,
            header_name="x-csrftoken",
            exclude=["^/static/", "^/healthz", "^/kiosk"],
        ),
        compression_config=CompressionConfig(
            backend="gzip", gzip_compress_level=6, minimum_size=500
        ),
        plugins=[HTMXPlugin()],
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        before_request=collect_page_context,
        after_request=_after_request,
        before_send=[security_headers],
        lifespan=[lifespan],
        logging_config=LoggingConfig(
            log_exceptions="always",
            disable_stack_trace={404, 401, 403, 405, 400, 409, 422, 429},
        ),
        openapi_config=None,
        # Twice the upload limit plus 1 MB (Litestar's default is 10 MB): a file somewhat over the
        # limit is still read, so the form comes back with what was typed and its own message
        # (pintar.files); only absurd sizes are cut off early with the generic 413 page.
        request_max_body_size=2 * settings.upload_max_bytes + 1024 * 1024,
        debug=settings.debug,
    )
