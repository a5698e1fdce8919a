"""HaloCik: software installation tickets (SOP-052) and general IT help ("bantuan TI").

What other modules may use (see docs/helpdesk.md):

    from pintar.helpdesk import tickets, timeline, inventory
    await tickets.open_ticket(form_data, user, memo_upload, now=None) -> {"id", "number"}
    await tickets.act(ticket_id, action, user, *, note="", expected_version=None,
                      assignee_id=None, rating=None, rating_comment="", ip="", now=None) -> dict
    await tickets.can_view(user, ticket_id) -> bool        # also registered with pintar.files
    await timeline.sop_compliance(since, until) -> {"instalasi": [Compliance], "bantuan": [...]}
    await inventory.seats_used(software_id) -> int
    await inventory.installations(pc_id) -> list[dict]
"""
