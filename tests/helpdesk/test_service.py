"""HaloCik rules without HTTP: numbering, opening, every transition, timing, signature, seats."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from litestar.datastructures import UploadFile

from pintar import workflow as wf
from pintar.auth.roles import Role
from pintar.errors import Conflict, Forbidden, UserError
from pintar.helpdesk import inventory, queries, service, workorder
from pintar.helpdesk.flow import HELP_FLOW, INSTALL_FLOW
from pintar.helpdesk.tables import Ticket
from pintar.office.workdays import load_calendar
from pintar.web.forms import FormInvalid
from tests import sample_files
from tests.helpdesk.conftest import state_of
from tests.helpdesk.helpers import (
    MIN,
    MONDAY_9,
    make_pc,
    make_software,
    memo,
    open_help,
    open_install,
    run_steps,
)

HOUR = dt.timedelta(hours=1)


# --- numbering and opening ---------------------------------------------------------------------


async def test_numbers_are_per_year_and_sequential(office):
    first = await open_install(office["rina"], office["spss"], office["pc"])
    second = await open_help(office["rina"])
    new_year = await open_help(office["rina"], at=dt.datetime(2027, 1, 4, 9, 0, tzinfo=MONDAY_9.tzinfo))
    assert (first["number"], second["number"], new_year["number"]) == (
        "HC-2026-00001", "HC-2026-00002", "HC-2027-00001")


async def test_concurrent_openings_never_share_a_number(office):
    results = await asyncio.gather(*[open_help(office["rina"], reason=f"Nomor {i}") for i in range(8)])
    numbers = sorted(r["number"] for r in results)
    assert numbers == [f"HC-2026-{i:05d}" for i in range(1, 9)]


async def test_installation_needs_memo_software_and_pc(office):
    with pytest.raises(FormInvalid) as caught:
        await service.open_ticket({"kind": "instalasi", "software": "", "pc": "", "reason": ""},
                                  office["rina"], None, now=MONDAY_9)
    assert set(caught.value.errors) == {"software", "pc", "reason", "memo"}
    assert "Ketua Tim" in caught.value.errors["memo"]
    with pytest.raises(FormInvalid) as caught:
        await service.open_ticket({"kind": "instalasi", "software": "lain", "software_other": "",
                                   "pc": str(office["pc"]), "reason": "x"}, office["rina"], memo(),
                                  now=MONDAY_9)
    assert set(caught.value.errors) == {"software_other"}


async def test_a_renamed_program_is_not_a_memo(office):
    fake = UploadFile(content_type="application/pdf", filename="nota.pdf", file_data=sample_files.exe())
    with pytest.raises(FormInvalid) as caught:
        await service.open_ticket({"kind": "instalasi", "software": str(office["spss"]),
                                   "pc": str(office["pc"]), "reason": "x"}, office["rina"], fake,
                                  now=MONDAY_9)
    assert "memo" in caught.value.errors
    assert await Ticket.count() == 0


async def test_opening_records_memo_history_and_tells_technicians(office, sent):
    t = await open_install(office["rina"], office["spss"], office["pc"])
    row = await state_of(t["id"])
    assert row["state"] == "dibuka" and row["software_label"] == "SPSS 26" and row["memo"]
    assert row["due_at"] == MONDAY_9 + 5 * MIN  # step 2: taken within 5 minutes
    docs = await service.documents(t["id"])
    assert [d["id"] for d in docs] == [row["memo"]] and docs[0]["label"] == "Nota dinas"
    events = await wf.history(INSTALL_FLOW, t["id"])
    # SOP step 1 (the form, from when it was opened) and its submission with the memo.
    assert [(e["to_state"], e["transition"], e["at"], e["document"]) for e in events] == [
        ("diisi", "", MONDAY_9 - 3 * MIN, None), ("dibuka", "ajukan", MONDAY_9, row["memo"])]
    assert sent == [([Role.TEKNISI, Role.PJK_TI], "Tiket baru HC-2026-00001 dari Rina Marlina: SPSS 26.",
                     f"/halocik/tiket/{t['id']}")]


async def test_general_help_needs_no_memo(office):
    t = await open_help(office["rina"])
    row = await state_of(t["id"])
    assert row["kind"] == "bantuan" and row["memo"] is None and row["pc"] is None


# --- the SOP path and its timings --------------------------------------------------------------


async def test_whole_sop_path_with_times_against_standards(office, sent):
    rina, andi = office["rina"], office["andi"]
    t = await open_install(rina, office["spss"], office["pc"])
    tid = t["id"]
    await service.act(tid, "ambil", andi, now=MONDAY_9 + 4 * MIN)
    await service.act(tid, "sesuai", andi, now=MONDAY_9 + 12 * MIN)
    await service.act(tid, "uji", andi, now=MONDAY_9 + 40 * MIN)
    await service.act(tid, "serahkan", andi, now=MONDAY_9 + 60 * MIN)
    row = await state_of(tid)
    assert row["state"] == "konfirmasi" and row["due_at"] is None  # the requester's step: paused
    await service.act(tid, "konfirmasi", rina, rating=5, rating_comment="Cepat",
                      ip="10.17.0.5", now=MONDAY_9 + 80 * MIN)
    row = await state_of(tid)
    assert row["state"] == "selesai" and row["assignee"] == andi.id and row["rating"] == 5
    assert row["closed_at"] == MONDAY_9 + 80 * MIN and row["signed_by"] == rina.id
    assert row["signed_ip"] == "10.17.0.5" and len(row["signed_hash"]) == 64
    assert '"proposal": "sesuai"' in row["check_result"]
    cal = await load_calendar()
    lines = wf.timeline(INSTALL_FLOW, await wf.history(INSTALL_FLOW, tid), cal, MONDAY_9 + 90 * MIN)
    got = [(ln.sop_step, ln.duration, ln.status) for ln in lines]
    assert got == [
        ("1", 3 * MIN, "memenuhi"),     # the form, 3 of 5 minutes
        ("2", 4 * MIN, "memenuhi"),     # taken in 4 of 5 minutes
        ("3", 8 * MIN, "memenuhi"),     # checked in 8 of 5-10 minutes
        ("4", 28 * MIN, "memenuhi"),    # installed in 28 of 20-30 minutes
        ("5", 20 * MIN, "memenuhi"),    # tested in 20 of 20 minutes
        ("6", 20 * MIN, "memenuhi"),    # the requester confirmed in 20 of 30 minutes
        ("6", None, "-"),               # done
    ]
    assert lines[5].who_waits == "pemohon"
    assert wf.summary(lines) == {"judged": 5, "met": 5}
    # Who heard what: technicians (new), the requester (taken, done), the technician (confirmed).
    assert [(r, m.split(" ")[0]) for r, m, _ in sent[1:]] == [
        ([rina.id], "Tiket"), ([rina.id], "Tiket"), ([andi.id], "Pemohon")]
    assert "Mohon periksa" in sent[2][1] and "nilai 5" in sent[3][1]


async def test_the_requesters_step_never_counts_against_the_office(office):
    rina, andi = office["rina"], office["andi"]
    t = await open_install(rina, office["spss"], office["pc"])
    end = await run_steps(t["id"], [("ambil", andi, {}), ("sesuai", andi, {}), ("uji", andi, {}),
                                    ("serahkan", andi, {})], MONDAY_9, gap=20 * MIN)
    # The requester confirms three working days later.
    await service.act(t["id"], "konfirmasi", rina, rating=4, now=end + dt.timedelta(days=3))
    cal = await load_calendar()
    histories = {t["id"]: await wf.history(INSTALL_FLOW, t["id"])}
    report = {c.state: c for c in wf.compliance(INSTALL_FLOW, histories, cal)}
    assert "konfirmasi" not in report  # paused: not judged for the office
    assert report["dibuka"].met == 0 and report["dicek"].met == 0  # 20 > 5 and 20 > 10 minutes
    assert report["instalasi"].met == 1 and report["pengujian"].met == 1
    assert report["instalasi"].finished == 1 and report["pengujian"].finished == 1


async def test_hold_pauses_the_clock_and_tells_the_requester(office, sent):
    rina, andi = office["rina"], office["andi"]
    t = await open_install(rina, office["spss"], office["pc"])
    tid = t["id"]
    await service.act(tid, "ambil", andi, now=MONDAY_9 + 2 * MIN)
    with pytest.raises(UserError, match="Alasan wajib"):
        await service.act(tid, "tunggu_lisensi", andi, now=MONDAY_9 + 5 * MIN)
    await service.act(tid, "tunggu_lisensi", andi, note="Kursi lisensi habis",
                      now=MONDAY_9 + 6 * MIN)
    row = await state_of(tid)
    assert row["state"] == "menunggu_sarana" and row["due_at"] is None
    assert sent[-1] == ([rina.id], "Tiket HC-2026-00001 ditunda: menunggu lisensi. Alasan: Kursi lisensi habis",
                        f"/halocik/tiket/{tid}")
    # Two days later the licence arrives; the check resumes and is judged as one step.
    back = MONDAY_9 + dt.timedelta(days=2)
    await service.act(tid, "lanjutkan", andi, now=back)
    assert "dilanjutkan" in sent[-1][1]
    await service.act(tid, "sesuai", andi, now=back + 3 * MIN)
    cal = await load_calendar()
    steps = wf.steps(INSTALL_FLOW, await wf.history(INSTALL_FLOW, tid), cal, now=back + 4 * MIN)
    check = [s for s in steps if s.state == "dicek"]
    assert check[0].continued and check[1].total == 7 * MIN and check[1].met is True
    assert [s.paused for s in steps if s.state == "menunggu_sarana"] == [True]


async def test_reject_after_check_is_final_with_the_snapshot(office, sent):
    rina, andi = office["rina"], office["andi"]
    small_pc = await make_pc("3100102001-002", holder=rina.id, ram_gb=2)
    t = await open_install(rina, office["spss"], small_pc)
    await service.act(t["id"], "ambil", andi, now=MONDAY_9 + MIN)
    check = await service.comparison(await service.get_ticket(t["id"]))
    assert check is not None and not check.ok and check.suggested_hold == "tunggu_perangkat"
    await service.act(t["id"], "tolak", andi, note="RAM 2 GB, tidak bisa ditingkatkan",
                      now=MONDAY_9 + 6 * MIN)
    row = await state_of(t["id"])
    assert row["state"] == "ditolak" and row["closed_at"] == MONDAY_9 + 6 * MIN
    assert '"proposal": "belum_sesuai"' in row["check_result"]
    assert sent[-1][0] == [rina.id] and "ditolak" in sent[-1][1]
    with pytest.raises(Conflict):
        await service.act(t["id"], "lanjutkan", andi)


async def test_who_may_make_which_step(office):
    rina, budi, andi, yoga, dedi, admin = (office[k] for k in ("rina", "budi", "andi", "yoga", "dedi", "admin"))
    t = await open_install(rina, office["spss"], office["pc"])
    tid = t["id"]
    with pytest.raises(Forbidden):  # a requester does not take tickets
        await service.act(tid, "ambil", rina)
    with pytest.raises(Forbidden):  # another requester may not even see it
        await service.act(tid, "batal", budi)
    with pytest.raises(Forbidden):  # assigning is for PJK TI
        await service.act(tid, "tugaskan", andi, assignee_id=yoga.id)
    with pytest.raises(UserError, match="Pilih teknisi"):  # only to someone who works tickets
        await service.act(tid, "tugaskan", dedi, assignee_id=budi.id)
    await service.act(tid, "tugaskan", dedi, assignee_id=andi.id)
    assert (await state_of(tid))["assignee"] == andi.id
    with pytest.raises(Forbidden):  # not yoga's ticket
        await service.act(tid, "sesuai", yoga)
    with pytest.raises(Conflict):  # no skipping the check
        await service.act(tid, "uji", andi)
    with pytest.raises(Conflict):  # too late to cancel
        await service.act(tid, "batal", rina)
    await service.act(tid, "sesuai", dedi)  # PJK TI may stand in for the technician
    await service.act(tid, "uji", andi)
    with pytest.raises(UserError, match="Alasan wajib"):
        await service.act(tid, "ulang", andi)
    await service.act(tid, "ulang", andi, note="Aktivasi gagal")
    await service.act(tid, "uji", andi)
    await service.act(tid, "serahkan", andi)
    with pytest.raises(Forbidden):  # signing is the requester's alone, not even the admin's
        await service.act(tid, "konfirmasi", admin, rating=5)
    with pytest.raises(UserError, match="nilai"):
        await service.act(tid, "konfirmasi", rina)
    with pytest.raises(UserError, match="nilai"):
        await service.act(tid, "konfirmasi", rina, rating=6)
    with pytest.raises(UserError, match="Alasan wajib"):
        await service.act(tid, "tolak_hasil", rina)
    await service.act(tid, "tolak_hasil", rina, note="Lisensi belum aktif")
    assert (await state_of(tid))["state"] == "instalasi"
    await service.act(tid, "uji", andi)
    await service.act(tid, "serahkan", andi)
    await service.act(tid, "konfirmasi", rina, rating=3)
    assert (await state_of(tid))["state"] == "selesai"


async def test_requester_may_cancel_before_it_is_taken_and_technician_may_refuse(office):
    rina, andi = office["rina"], office["andi"]
    first = await open_help(rina)
    await service.act(first["id"], "batal", rina)
    assert (await state_of(first["id"]))["state"] == "dibatalkan"
    second = await open_help(rina)
    with pytest.raises(UserError):
        await service.act(second["id"], "tolak_awal", andi)
    await service.act(second["id"], "tolak_awal", andi, note="Bukan wewenang TI")
    row = await state_of(second["id"])
    assert row["state"] == "ditolak" and row["closed_at"] is not None


async def test_stale_version_is_refused(office):
    t = await open_install(office["rina"], office["spss"], office["pc"])
    await service.act(t["id"], "ambil", office["andi"], expected_version=0)
    with pytest.raises(Conflict, match="sudah diubah"):
        await service.act(t["id"], "sesuai", office["andi"], expected_version=0)
    await service.act(t["id"], "sesuai", office["andi"], expected_version=1)


async def test_two_technicians_take_the_same_ticket_at_once(office):
    t = await open_install(office["rina"], office["spss"], office["pc"])
    results = await asyncio.gather(
        service.act(t["id"], "ambil", office["andi"]),
        service.act(t["id"], "ambil", office["yoga"]),
        return_exceptions=True,
    )
    winners = [r for r in results if not isinstance(r, Exception)]
    losers = [r for r in results if isinstance(r, Exception)]
    assert len(winners) == 1 and len(losers) == 1
    winner = winners[0]["assignee_name"]
    assert isinstance(losers[0], Conflict)
    assert losers[0].message == f"Tiket HC-2026-00001 sudah diambil oleh {winner}."
    # Step 1, its submission, and one take: the loser left no trace.
    assert [e["transition"] for e in await wf.history(INSTALL_FLOW, t["id"])] == ["", "ajukan", "ambil"]


async def test_general_help_has_the_short_flow(office, sent):
    rina, andi = office["rina"], office["andi"]
    t = await open_help(rina)
    await service.act(t["id"], "ambil", andi, now=MONDAY_9 + 3 * MIN)
    assert (await state_of(t["id"]))["state"] == "ditangani"
    with pytest.raises(UserError):  # installation steps do not exist here
        await service.act(t["id"], "sesuai", andi)
    await service.act(t["id"], "tangani", andi, now=MONDAY_9 + 30 * MIN)
    await service.act(t["id"], "tolak_hasil", rina, note="Masih macet", now=MONDAY_9 + 40 * MIN)
    await service.act(t["id"], "tangani", andi, now=MONDAY_9 + 50 * MIN)
    await service.act(t["id"], "konfirmasi", rina, rating=4, now=MONDAY_9 + 55 * MIN)
    events = await wf.history(HELP_FLOW, t["id"])
    assert [e["to_state"] for e in events] == ["diisi", "dibuka", "ditangani", "konfirmasi", "ditangani",
                                              "konfirmasi", "selesai"]
    assert await workorder.verify(await service.get_ticket(t["id"]), HELP_FLOW) is True


# --- the signed work order ---------------------------------------------------------------------


async def finished(office) -> int:
    rina, andi = office["rina"], office["andi"]
    t = await open_install(rina, office["spss"], office["pc"])
    await run_steps(t["id"], [("ambil", andi, {}), ("sesuai", andi, {}), ("uji", andi, {}),
                              ("serahkan", andi, {}), ("konfirmasi", rina, {"rating": 5, "ip": "10.0.0.9"})],
                    MONDAY_9)
    return t["id"]


async def test_signature_detects_a_later_change(office):
    tid = await finished(office)
    ticket = await service.get_ticket(tid)
    assert await workorder.verify(ticket, INSTALL_FLOW) is True
    # Work after signing (a comment, a new event elsewhere) does not change the signed document.
    await service.add_comment(tid, office["rina"], "Terima kasih")
    assert await workorder.verify(await service.get_ticket(tid), INSTALL_FLOW) is True
    await Ticket.update({Ticket.reason: "Alasan yang diubah diam-diam"}).where(Ticket.id == tid)
    assert await workorder.verify(await service.get_ticket(tid), INSTALL_FLOW) is False


async def test_unsigned_work_order_has_no_verdict(office):
    t = await open_help(office["rina"])
    assert await workorder.verify(await service.get_ticket(t["id"]), HELP_FLOW) is None


# --- seats, installations, visibility, lists ----------------------------------------------------


async def test_seats_come_from_done_installations(office):
    rina, andi = office["rina"], office["andi"]
    stata = await make_software("Stata", "18", licence="berlisensi", seats=1)
    other_pc = await make_pc("3100102001-009", holder=office["budi"].id)
    t = await open_install(rina, stata, office["pc"])
    await run_steps(t["id"], [("ambil", andi, {}), ("sesuai", andi, {}), ("uji", andi, {}),
                              ("serahkan", andi, {}), ("konfirmasi", rina, {"rating": 5})], MONDAY_9)
    assert await inventory.seats_used(stata) == 1
    listed = {s["id"]: s for s in await inventory.list_software()}
    assert listed[stata]["seats_left"] == 0 and listed[office["spss"]]["seats_left"] is None
    installs = await inventory.installations(office["pc"])
    assert [(i["software_label"], i["technician"]) for i in installs] == [("Stata 18", "Andi Pratama")]
    # The seat is gone for another PC, but reinstalling on the same PC needs none.
    budi_ticket = await open_install(office["budi"], stata, other_pc)
    again = await open_install(rina, stata, office["pc"])
    assert not (await service.comparison(await service.get_ticket(budi_ticket["id"]))).ok
    assert (await service.comparison(await service.get_ticket(again["id"]))).ok


async def test_requesters_see_only_their_own_tickets(office):
    mine = await open_help(office["rina"])
    theirs = await open_help(office["budi"])
    assert await service.can_view(office["rina"], mine["id"])
    assert not await service.can_view(office["rina"], theirs["id"])
    assert await service.can_view(office["andi"], theirs["id"])
    assert await service.can_view(office["admin"], theirs["id"])
    with pytest.raises(Forbidden):
        await service.load_for(theirs["id"], office["rina"])
    with pytest.raises(Forbidden):
        await service.add_comment(theirs["id"], office["rina"], "halo")
    rows, more = await queries.my_tickets(office["rina"])
    assert [r["id"] for r in rows] == [mine["id"]] and more is None
    assert rows[0]["state_words"] == "Tiket Anda sudah diterima dan menunggu diambil teknisi."


async def test_comments_reach_the_other_side(office, sent):
    t = await open_help(office["rina"])
    await service.add_comment(t["id"], office["rina"], "Printer di lantai 2")
    assert sent[-1][0] == [Role.TEKNISI, Role.PJK_TI]  # nobody assigned yet: all technicians
    await service.act(t["id"], "ambil", office["andi"])
    await service.add_comment(t["id"], office["andi"], "Saya ke sana")
    await service.add_comment(t["id"], office["rina"], "Baik")
    assert [s[0] for s in sent[-2:]] == [[office["rina"].id], [office["andi"].id]]
    with pytest.raises(UserError):
        await service.add_comment(t["id"], office["rina"], "   ")
    assert [c["body"] for c in await service.comments(t["id"])] == ["Printer di lantai 2", "Saya ke sana", "Baik"]


# --- the queue --------------------------------------------------------------------------------


async def test_queue_filters_counters_and_search(office):
    rina, budi, andi, yoga = (office[k] for k in ("rina", "budi", "andi", "yoga"))
    a = await open_install(rina, office["spss"], office["pc"])
    b = await open_help(budi, reason="Jaringan putus")
    c = await open_install(rina, None, office["pc"], other="Tableau Desktop")
    d = await open_help(budi)
    await service.act(a["id"], "ambil", andi, now=MONDAY_9 + MIN)
    await service.act(b["id"], "ambil", andi, now=MONDAY_9 + MIN)
    await service.act(b["id"], "tangani", andi, now=MONDAY_9 + 2 * MIN)  # waits for budi
    await service.act(d["id"], "ambil", yoga, now=MONDAY_9 + MIN)
    now = MONDAY_9 + 30 * MIN  # a's check (10 min) and c's pick-up (5 min) are late by now

    async def ids(name, q=""):
        return [r["id"] for r in (await queries.page(andi, name, q, now=now)).rows]

    assert await ids("saya") == [b["id"], a["id"]]
    assert await ids("menunggu") == [a["id"]]
    assert await ids("belum") == [c["id"]]
    # c was due at 09.05 (pick-up), a at 09.11 (check); d's help step has no standard.
    assert await ids("terlambat") == [c["id"], a["id"]]  # oldest deadline first
    assert await ids("aktif") == [d["id"], c["id"], b["id"], a["id"]]
    assert await queries.counters(andi, now=now) == {
        "menunggu": 1, "saya": 2, "belum": 1, "aktif": 4, "terlambat": 2}
    assert await ids("semua", "HC-2026-0000") == [d["id"], c["id"], b["id"], a["id"]]
    assert await ids("semua", "HC-2026-00003") == [c["id"]]
    assert await ids("semua", "3") == [c["id"]]
    assert await ids("semua", "budi") == [d["id"], b["id"]]
    assert await ids("semua", "spss") == [a["id"]]
    assert await ids("semua", "tableau") == [c["id"]]
    assert await ids("semua", "3100102001") == [c["id"], a["id"]]  # the PC's asset code
    assert await ids("semua", "tidak ada apa-apa") == []
    rows = queries.decorate((await queries.page(andi, "saya", now=now)).rows, andi, await load_calendar(), now)
    row_a = next(r for r in rows if r["id"] == a["id"])
    assert row_a["overdue"] and row_a["in_step"] == 29 * MIN and row_a["standard"] == "5-10 menit"
    assert [t.name for t in row_a["actions"]] == ["sesuai", "tunggu_lisensi", "tunggu_perangkat", "tolak"]
    row_b = next(r for r in rows if r["id"] == b["id"])
    assert row_b["paused"] and row_b["actions"] == []  # waiting for budi's confirmation


async def test_queue_pages_by_keyset(office, monkeypatch):
    monkeypatch.setattr(queries, "PAGE", 3)
    made = [await open_help(office["rina"], reason=f"Masalah {i}") for i in range(7)]
    first = await queries.page(office["andi"], "semua", now=MONDAY_9 + HOUR)
    second = await queries.page(office["andi"], "semua", cursor=first.next_cursor, now=MONDAY_9 + HOUR)
    third = await queries.page(office["andi"], "semua", cursor=second.next_cursor, now=MONDAY_9 + HOUR)
    got = [r["id"] for p in (first, second, third) for r in p.rows]
    assert got == [m["id"] for m in reversed(made)] and third.next_cursor is None


async def test_search_pages_through_the_whole_history(office, monkeypatch):
    monkeypatch.setattr(queries, "PAGE", 3)
    rina, budi, andi = office["rina"], office["budi"], office["andi"]
    made = []
    for i in range(7):
        t = await open_help(rina if i % 2 == 0 else budi, reason=f"Masalah {i}")
        made.append(t["id"])
        await service.act(t["id"], "batal", rina if i % 2 == 0 else budi)  # closed: history only
    rina_ids = [m for i, m in enumerate(made) if i % 2 == 0]
    assert [r["id"] for r in (await queries.page(andi, "aktif", "rina", now=MONDAY_9 + HOUR)).rows] == []
    first = await queries.page(andi, "semua", "rina", now=MONDAY_9 + HOUR)
    second = await queries.page(andi, "semua", "rina", first.next_cursor, now=MONDAY_9 + HOUR)
    assert [r["id"] for r in first.rows + second.rows] == list(reversed(rina_ids))
    assert second.next_cursor is None
    by_year = await queries.page(andi, "semua", "HC-2026", now=MONDAY_9 + HOUR)
    assert [r["id"] for r in by_year.rows] == list(reversed(made))[:3] and by_year.next_cursor
    assert [r["id"] for r in (await queries.page(andi, "semua", "2026-00005", now=MONDAY_9 + HOUR)).rows] == [made[4]]
    assert (await queries.page(andi, "semua", "HC-2031", now=MONDAY_9 + HOUR)).rows == []


async def test_every_final_step_closes_the_ticket(office):
    """The open-ticket indexes rely on it: open means closed_at IS NULL."""
    from pintar.helpdesk.flow import FINAL_STATES, FLOWS

    for flow in FLOWS.values():
        finals = {t.name for t in flow.transitions if t.target in FINAL_STATES}
        assert finals and all(flow.state(t.target).final for t in flow.transitions if t.name in finals)
    rina, andi = office["rina"], office["andi"]
    done = await open_help(rina)
    await run_steps(done["id"], [("ambil", andi, {}), ("tangani", andi, {}),
                                 ("konfirmasi", rina, {"rating": 4})], MONDAY_9)
    cancelled, refused, rejected, still_open = [await open_help(rina) for _ in range(4)]
    await service.act(cancelled["id"], "batal", rina)
    await service.act(refused["id"], "tolak_awal", andi, note="bukan TI")
    await service.act(rejected["id"], "ambil", andi)
    await service.act(rejected["id"], "tolak", andi, note="tidak bisa")
    await service.act(still_open["id"], "ambil", andi)
    rows = await Ticket.select(Ticket.state, Ticket.closed_at)
    assert {r["state"] for r in rows} == {"selesai", "dibatalkan", "ditolak", "ditangani"}
    assert all((r["closed_at"] is None) == (r["state"] not in FINAL_STATES) for r in rows)


async def test_demo_data_shows_every_kind_of_state():
    from pintar.demo import create_demo
    from pintar.helpdesk.demo import create_demo_data

    assert await create_demo("demo-sandi-123")
    states = {r["state"] for r in await Ticket.select(Ticket.state)}
    assert states == {"selesai", "menunggu_sarana", "instalasi", "dibuka", "konfirmasi", "ditolak",
                      "ditangani"}
    done = await Ticket.select().where(Ticket.state == "selesai").first()
    assert await workorder.verify(await service.get_ticket(done["id"]), INSTALL_FLOW) is True
    assert len(await inventory.list_software()) == 6 and len(await inventory.list_pcs()) == 7
    assert not await create_demo_data(MONDAY_9)  # only once


async def test_sop_compliance_for_reports(office):
    rina, andi = office["rina"], office["andi"]
    t = await open_install(rina, office["spss"], office["pc"])
    await run_steps(t["id"], [("ambil", andi, {}), ("sesuai", andi, {}), ("uji", andi, {}),
                              ("serahkan", andi, {}), ("konfirmasi", rina, {"rating": 5})],
                    MONDAY_9, gap=25 * MIN)
    report = await service.sop_compliance(MONDAY_9 - dt.timedelta(days=1),
                                           MONDAY_9 + dt.timedelta(days=1))
    by_step = {c.sop_step: (c.finished, c.met) for c in report["instalasi"]}
    # The form in 3 of 5 minutes (step 1); then 25 minutes each: over 5 (step 2) and 10
    # (step 3), within 20-30 (step 4), over 20 (step 5).
    assert by_step == {"1": (1, 1), "2": (1, 0), "3": (1, 0), "4": (1, 1), "5": (1, 0)}
    assert report["bantuan"] and all(c.finished == 0 for c in report["bantuan"])
