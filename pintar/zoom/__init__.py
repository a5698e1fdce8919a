"""Zoom licence booking (SOP-045): the office's accounts, requests held conflict-free by the
database, IT's queue, the lobby kiosk and iCal feeds.

Other modules use :mod:`pintar.zoom.service` (the public API); see docs/zoom.md for the files and
the SOP step → code map.
"""
