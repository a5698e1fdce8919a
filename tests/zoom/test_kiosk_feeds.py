"""The lobby kiosk (token, 304 polls, no cookies, no secrets) and the iCal feeds."""

from __future__ import annotations

import datetime as dt

from pintar.zoom import feeds, kiosk
from pintar.zoom import service as zoom
from tests.zoom.conftest import WIB, form


def today() -> dt.date:
    return dt.datetime.now(WIB).date()


async def approved(people, title: str, day: dt.date, start: str, end: str, participants: int = 20) -> int:
    earlier = dt.datetime.combine(day, dt.time(0, 0), tzinfo=WIB) - dt.timedelta(days=1)
    b = await zoom.submit(people.requester, form(title=title, day=day.isoformat(), start=start, end=end,
                                                 participants=participants), now=earlier)
    await zoom.forward(people.tip, b, people.ti.id, now=earlier)
    await zoom.assign(people.ti, b, now=earlier)
    return b


def wire_size(response) -> int:
    """Bytes of the status line and headers as HTTP/1.1 sends them (the body is empty)."""
    head = f"HTTP/1.1 {response.status_code} {response.reason_phrase}\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in response.headers.items()) + "\r\n"
    return len(head.encode()) + len(response.content)


async def test_kiosk_needs_its_token_and_sets_no_cookie(client, zoom_accounts, people):
    assert (await client.get("/kiosk")).status_code == 404
    assert (await client.get("/kiosk?token=salah")).status_code == 404
    token = await feeds.token_for(feeds.KIOSK)
    page = await client.get(f"/kiosk?token={token}")
    assert page.status_code == 200
    assert "set-cookie" not in page.headers
    assert '<meta http-equiv="refresh" content="30">' in page.text  # inside <noscript>
    assert 'hx-trigger="every 30s"' in page.text and "Tidak ada rapat Zoom hari ini" in page.text
    # A feed token is not a kiosk token.
    office = await feeds.token_for(feeds.OFFICE_FEED)
    assert (await client.get(f"/kiosk?token={office}")).status_code == 404
    # Rotation ends the old address.
    new = await feeds.rotate(feeds.KIOSK)
    assert (await client.get(f"/kiosk?token={token}")).status_code == 404
    # A TV still polling with the old token is told to reload (and then shows the message).
    stale = await client.get(f"/kiosk/papan?token={token}", headers={"HX-Request": "true"})
    assert stale.status_code == 404 and stale.headers["hx-refresh"] == "true"
    assert (await client.get(f"/kiosk?token={new}")).status_code == 200


async def test_kiosk_poll_answers_304_until_something_changes(client, zoom_accounts, people):
    token = await feeds.token_for(feeds.KIOSK)
    url = f"/kiosk/papan?token={token}"
    hx = {"HX-Request": "true"}
    first = await client.get(url, headers=hx)
    assert first.status_code == 200 and first.text.lstrip().startswith('<main id="board"')
    etag = first.headers["etag"]
    again = await client.get(url, headers={**hx, "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert "set-cookie" not in again.headers
    assert wire_size(again) <= 300, wire_size(again)
    # A meeting approved for today changes the board.
    b = await approved(people, "Rapat Pimpinan Pagi", today(), "00:05", "00:35")
    changed = await client.get(url, headers={**hx, "If-None-Match": etag})
    assert changed.status_code == 200 and "Rapat Pimpinan Pagi" in changed.text
    assert "Zoom A" in changed.text and changed.headers["etag"] != etag
    assert "sandi" not in changed.text and "bps.go.id" not in changed.text
    # ... and so does a change to it (the title).
    etag = changed.headers["etag"]
    await zoom.ZoomBooking.update({zoom.ZoomBooking.title: "Rapat Pimpinan"}).where(zoom.ZoomBooking.id == b)
    assert (await client.get(url, headers={**hx, "If-None-Match": etag})).status_code == 200


async def test_running_and_next_are_marked(zoom_accounts, people):
    day = dt.date(2026, 12, 1)
    early = await approved(people, "Pagi", day, "08:00", "09:00")
    now_running = await approved(people, "Sedang", day, "09:30", "10:30")
    nxt = await approved(people, "Siang", day, "13:00", "14:00")
    later = await approved(people, "Sore", day, "15:00", "16:00")
    tomorrow = await approved(people, "Besok pagi", day + dt.timedelta(days=1), "08:00", "09:00")
    other_day = await approved(people, "Lusa", day + dt.timedelta(days=2), "08:00", "09:00")
    pending = await zoom.submit(people.requester, form(title="Belum", day=day.isoformat(), start="11:00", end="11:30"),
                                now=dt.datetime(2026, 11, 30, 9, 0, tzinfo=WIB))
    board = await kiosk.board(dt.datetime(2026, 12, 1, 10, 0, tzinfo=WIB))
    marks = {r["id"]: (r["done"], r["running"], r["next"]) for r in board["rows"]}
    assert marks == {early: (True, False, False), now_running: (False, True, False),
                     nxt: (False, False, True), later: (False, False, False)}
    assert [r["id"] for r in board["later"]] == [tomorrow]
    assert pending not in marks and other_day not in marks
    same = await kiosk.board(dt.datetime(2026, 12, 1, 10, 20, tzinfo=WIB))
    assert same["etag"] == board["etag"]  # nothing visible changed in those 20 minutes
    moved_on = await kiosk.board(dt.datetime(2026, 12, 1, 10, 31, tzinfo=WIB))
    assert moved_on["etag"] != board["etag"]  # the running meeting ended


async def test_office_and_personal_ical_feeds(client, zoom_accounts, people):
    day = today() + dt.timedelta(days=3)
    ok = await approved(people, "Rapat, dengan; koma\\ dan titik koma " + "panjang " * 10, day, "09:00", "10:00")
    waiting = await zoom.submit(people.requester, form(title="Masih menunggu", day=day.isoformat(),
                                                       start="13:00", end="14:00"),
                                now=dt.datetime.combine(day, dt.time(0, 0), tzinfo=WIB) - dt.timedelta(days=1))
    office = await client.get(f"/kiosk/ical/{await feeds.token_for(feeds.OFFICE_FEED)}.ics")
    assert office.status_code == 200 and office.headers["content-type"].startswith("text/calendar")
    assert "set-cookie" not in office.headers
    text = office.text
    assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert f"UID:zoom-{ok}@" in text and f"UID:zoom-{waiting}@" not in text
    assert "SUMMARY:Rapat\\, dengan\\; koma\\\\ dan titik koma" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    start = dt.datetime.combine(day, dt.time(9, 0), tzinfo=WIB).astimezone(dt.timezone.utc)
    assert f"DTSTART:{start:%Y%m%dT%H%M%SZ}" in text and "STATUS:CONFIRMED" in text
    assert "Zoom A" in text and "sandi" not in text and "bps.go.id" not in text
    mine = await client.get(f"/kiosk/ical/{await feeds.token_for(feeds.PERSON_FEED, people.requester.id)}.ics")
    assert f"UID:zoom-{waiting}@" in mine.text and "STATUS:TENTATIVE" in mine.text
    theirs = await client.get(f"/kiosk/ical/{await feeds.token_for(feeds.PERSON_FEED, people.other.id)}.ics")
    assert "BEGIN:VEVENT" not in theirs.text
    kiosk_token = await feeds.token_for(feeds.KIOSK)
    assert (await client.get(f"/kiosk/ical/{kiosk_token}.ics")).status_code == 404
    assert (await client.get("/kiosk/ical/tidak-ada.ics")).status_code == 404


async def test_links_page_and_rotation_by_admin(web, zoom_accounts, people):
    await web.login("admin1")
    page = await web.get("/zoom/tautan")
    token = await feeds.token_for(feeds.KIOSK)
    assert f"/kiosk?token={token}" in page.text
    assert (await web.post("/zoom/tautan/kios/ganti", {})).status_code == 303
    assert await feeds.token_for(feeds.KIOSK) != token
    assert (await web.post("/zoom/tautan/lain/ganti", {})).status_code == 400


async def test_a_busy_day_fits_the_tv(zoom_accounts, people):
    day = dt.date(2026, 12, 2)
    for hour in range(7, 19):  # twelve meetings today, six tomorrow
        await approved(people, f"Rapat {hour:02d}", day, f"{hour:02d}:00", f"{hour:02d}:30")
    for hour in range(7, 13):
        await approved(people, f"Besok {hour:02d}", day + dt.timedelta(days=1), f"{hour:02d}:00", f"{hour:02d}:30")
    board = await kiosk.board(dt.datetime(2026, 12, 2, 12, 10, tzinfo=WIB))
    titles = [r["title"] for r in board["rows"]]
    # Eight rows: the latest finished one, the running one (12.00), the next (13.00) and the rest.
    assert len(titles) == kiosk.TODAY_MAX and titles[0] == "Rapat 11"
    assert board["rows"][0]["done"] and board["rows"][1]["running"] and titles[1] == "Rapat 12"
    assert board["rows"][2]["next"] and titles[2] == "Rapat 13" and titles[-1] == "Rapat 18"
    assert board["more_today"] == 4 and len(board["later"]) == 4 and board["more_tomorrow"] == 2


async def test_a_token_that_cannot_exist_never_reaches_the_database(client, monkeypatch):
    from pintar.zoom.tables import ZoomToken

    def no_query(*args, **kwargs):
        raise AssertionError("the database was asked")

    monkeypatch.setattr(ZoomToken, "select", no_query)
    for token in ("a\x00b", "ab cd", "ab/../cd", "é" * 10):
        assert await feeds.resolve(token, (feeds.KIOSK,)) is None
    # Over HTTP a control character is refused before any route (pintar.web.security: 400).
    assert (await client.get("/kiosk", params={"token": "a\x00b"})).status_code == 400
    for token in ("ab cd", "ab/../cd", "é" * 10):
        r = await client.get("/kiosk", params={"token": token})
        assert r.status_code == 404 and "Tautan kios atau kalender tidak berlaku" in r.text
