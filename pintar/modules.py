"""The domain apps of the portal, in dependency order.

Each name is a package ``pintar.<name>`` with a ``piccolo_app.py`` (its tables and migrations under
``migrations/<name>/``) and, where it has pages, a ``routes.py`` exposing ``ROUTES`` (a list of
Litestar controllers/handlers) and optionally ``NAV`` (menu entries, see ``pintar.web.nav``).
Adding a module is adding its name here.
"""

MODULES: list[str] = [
    "office",
    "auth",
    "files",
    "workflow",
    "jobs",  # background jobs: watchable runs (JobRun), /tugas/<id>
    "notify",  # notifications: in-app bell and list, e-mail outbox
    "zoom",
    "helpdesk",
    "agenda",  # the office agenda (SOP-321's activities), rooms held in the database
    "eventteam",  # Event Team support of activities (SOP-321)
    "appdev",  # application development (SOP-057)
]
