"""Zoom licence booking (SOP-045): accounts, requests, conflict-free slots, kiosk and feeds.

Other modules use :mod:`pintar.zoom.service` (the public API); the rest is internal.
"""
