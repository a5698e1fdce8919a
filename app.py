"""The ASGI application: ``uvicorn app:app`` (or ``litestar run``) finds it here."""

from pintar.web.app import create_app

app = create_app()
