"""The office agenda (kegiatan), the hub of SOP-321: activities with their rooms, leader and
participants; list and week/month calendars; postponing and cancelling with notices; the link to
a Zoom request; today's activities on the kiosk. The Event Team's support of an activity is in
:mod:`pintar.eventteam`. Other packages import only :mod:`pintar.agenda.service`.
"""
