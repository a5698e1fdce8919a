"""HaloCik: software installation tickets (SOP-052) and general IT help ("bantuan TI").

Built to the module blueprint (docs/modules.md); the files and the SOP step → code map are in
docs/helpdesk.md. Other packages use only ``pintar.helpdesk.service``:

    from pintar.helpdesk import service as halocik
    await halocik.open_ticket(form_data, user, memo_upload, now=now) -> {"id", "number"}
    await halocik.act(ticket_id, action, user, *, now, note="", expected_version=None,
                      assignee_id=None, rating=None, rating_comment="", ip="") -> dict
    await halocik.can_view(user, ticket_id) -> bool        # also registered with pintar.files
    await halocik.sop_compliance(since, until, now=now) -> {"instalasi": [Compliance], ...}
    await halocik.seats_used(software_id) -> int
    await halocik.installations(pc_id) -> list[dict]
"""
