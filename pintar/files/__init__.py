"""Documents: uploaded files checked by content, stored under random names, served by permission.

The module's API is in :mod:`pintar.files.service` (see ``docs/services.md``, "Documents").
"""
