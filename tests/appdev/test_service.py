"""Application development rules without HTTP: stages, documents, durations in working days,
the review sent back and resumed, flags, permissions, standards, the sweep, the catalogue and
maintenance tickets."""

from __future__ import annotations

import datetime as dt

import pytest

from pintar import workflow as wf
from pintar.appdev import flow, service
from pintar.appdev.tables import Application, Programmer, Request, StageDocument, Ticket
from pintar.errors import Conflict, Forbidden, UserError
from pintar.files.tables import Document
from pintar.notify.tables import Notification
from pintar.office.workdays import load_calendar
from pintar.web.forms import FormInvalid
from tests.appdev.helpers import DAY, MONDAY, WEEK, docx, exe, new_request, pdf, to_stage


async def _steps(request_id: int, now: dt.datetime):
    fl = await service.request_flow()
    return {s.state: s for s in wf.steps(fl, await wf.history(fl, request_id), await load_calendar(), now)}


async def test_request_to_release_and_maintenance_with_a_document_at_each_stage(o):
    req = await new_request(o)
    assert req["state"] == "diajukan" and req["number"] == f"APL-2026-{req['id']:04d}"
    assert req["team"] == o["team"]  # the Ketua Tim's own team by default
    at = await to_stage(o, req, "pemeliharaan")
    fresh = await service.get_request(req["id"])
    assert fresh["state"] == "pemeliharaan" and fresh["closed_at"] == at
    assert fresh["pjk"] == o["pjk"].id
    assert await service.programmer_ids(req["id"]) == [o["prog"].id]
    docs = await service.stage_documents(req["id"])
    assert {stage: [d["kind"] for d in ds] for stage, ds in docs.items()} == {
        "nota": ["memo"], "srs": ["srs"], "telaah": ["sra"], "bangun": ["desain"],
        "uji_awal": ["uji"], "uji_akhir": ["uji"], "laporan": ["laporan"],
    }
    app = await Application.select().where(Application.request == req["id"]).first()
    assert app["name"] == "SIPANDU" and app["release"] == "1.0.0"
    assert app["url"] == "https://sipandu.example.go.id" and app["maintainer"] == o["pjk"].id
    assert app["released_on"] == dt.date(2026, 9, 14)  # the 7th step, seven days after Monday
    assert fresh["application"] == app["id"]


async def test_stage_durations_are_working_days_and_a_review_sent_back_pauses(o):
    req = await new_request(o)  # Monday 7 Sep
    at = MONDAY + 2 * DAY  # Wednesday: 2 working days
    await service.act(req["id"], "disposisi", o["tip"], {"pjk": str(o["pjk"].id)}, now=at)
    at += 2 * WEEK  # 10 working days
    await service.act(req["id"], "kirim_srs", o["katim"], {}, uploads={"berkas": docx()}, now=at)
    at += WEEK  # 5 working days of review
    await service.act(req["id"], "kembalikan_srs", o["pjk"], {"catatan": "Lengkapi alur data"},
                      uploads={}, now=at)
    paused_at = at
    at += 3 * WEEK  # the requester revises for 15 working days: not the review's time
    await service.act(req["id"], "kirim_revisi", o["katim"], {}, uploads={"berkas": docx()}, now=at)
    # Resumed: 5 days already spent of the 15-day maximum, so due in 10 more working days.
    row = await Request.select(Request.due_at).where(Request.id == req["id"]).first()
    cal = await load_calendar()
    assert row["due_at"] == cal.deadline_working_days(at, 10)
    at += WEEK + 2 * DAY  # 7 more: 12 in all
    await service.act(req["id"], "setujui_srs", o["pjk"], {"programmer": str(o["prog"].id)},
                      uploads={"berkas": pdf()}, now=at)
    steps = await _steps(req["id"], at)
    assert steps["diajukan"].total == dt.timedelta(days=2) and steps["diajukan"].met
    assert steps["srs"].total == dt.timedelta(days=10) and steps["srs"].met
    assert steps["revisi_srs"].paused and steps["revisi_srs"].entered_at == paused_at
    assert steps["telaah"].total == dt.timedelta(days=12)  # 5 + 7, judged once on the total
    assert steps["telaah"].met and not steps["telaah"].too_fast


async def test_a_stage_finished_before_its_minimum_is_flagged(o):
    req = await new_request(o)
    await service.act(req["id"], "disposisi", o["tip"], {"pjk": str(o["pjk"].id)},
                      now=MONDAY + dt.timedelta(hours=1))  # same day: under the 1-day minimum
    steps = await _steps(req["id"], MONDAY + DAY)
    assert steps["diajukan"].too_fast and steps["diajukan"].met


async def test_a_stage_past_its_maximum_is_late(o):
    req = await new_request(o)
    await service.act(req["id"], "disposisi", o["tip"], {"pjk": str(o["pjk"].id)},
                      now=MONDAY + WEEK)  # 5 working days against 1-2
    steps = await _steps(req["id"], MONDAY + WEEK)
    assert steps["diajukan"].met is False and steps["diajukan"].overdue


async def test_only_the_requester_submits_the_srs(o):
    req = await new_request(o)
    await to_stage(o, req, "srs")
    for who in ("pjk", "tip", "prog", "kepala"):
        with pytest.raises(Forbidden):
            await service.act(req["id"], "kirim_srs", o[who], {}, uploads={"berkas": docx()},
                              now=MONDAY + WEEK)
    assert await StageDocument.count().where(StageDocument.kind == "srs") == 0


async def test_only_the_assigned_pjk_and_programmers_move_build_stages(o):
    req = await new_request(o)
    at = await to_stage(o, req, "bangun")
    data = {"prototipe_url": "https://proto.example.go.id"}
    for who in ("pjk2", "prog2", "tip", "katim", "kepala"):
        with pytest.raises(Forbidden):
            await service.act(req["id"], "serahkan_uji", o[who], data,
                              uploads={"berkas": pdf()}, now=at + DAY)
    await service.act(req["id"], "serahkan_uji", o["pjk"], data, uploads={"berkas": pdf()},
                      now=at + DAY)
    assert (await service.get_request(req["id"]))["state"] == "uji_awal"


async def test_a_stage_cannot_be_skipped_and_nothing_is_saved(o):
    req = await new_request(o)
    await to_stage(o, req, "srs")
    docs_before = await Document.count()
    with pytest.raises(Conflict):  # the PJK tries to release straight from the SRS stage
        await service.act(req["id"], "setujui_srs", o["pjk"], {"programmer": str(o["prog"].id)},
                          uploads={"berkas": pdf()}, now=MONDAY + WEEK)
    assert await Document.count() == docs_before
    assert await Programmer.count() == 0
    assert (await service.get_request(req["id"]))["state"] == "srs"


async def test_a_wrong_document_type_is_refused_with_every_error_and_nothing_saved(o):
    req = await new_request(o)
    at = await to_stage(o, req, "uji_akhir")
    docs_before = await Document.count()
    with pytest.raises(FormInvalid) as err:
        await service.act(req["id"], "rilis", o["prog"],
                          {"rilis_versi": "", "rilis_alamat": "javascript:alert(1)",
                           "rilis_fungsi": "x"}, uploads={"berkas": exe()}, now=at + DAY)
    assert set(err.value.errors) == {"berkas", "rilis_versi", "rilis_alamat"}
    assert await Document.count() == docs_before
    fresh = await service.get_request(req["id"])
    assert fresh["state"] == "uji_akhir" and fresh["release"] == ""
    assert await Application.count() == 0


async def test_required_inputs_of_each_step(o):
    req = await new_request(o)
    with pytest.raises(FormInvalid) as err:
        await service.act(req["id"], "disposisi", o["tip"], {"pjk": str(o["prog"].id)}, now=MONDAY)
    assert set(err.value.errors) == {"pjk"}  # a programmer is not a PJK Layanan Aplikasi
    with pytest.raises(FormInvalid) as err:
        await service.act(req["id"], "tolak", o["tip"], {"catatan": "  "}, now=MONDAY)
    assert set(err.value.errors) == {"catatan"}
    at = await to_stage(o, req, "telaah")
    with pytest.raises(FormInvalid) as err:
        await service.act(req["id"], "setujui_srs", o["pjk"], {"programmer": "abc"}, now=at)
    assert set(err.value.errors) == {"programmer", "berkas"}


async def test_a_stale_version_is_a_conflict(o):
    req = await new_request(o)
    with pytest.raises(Conflict):
        await service.act(req["id"], "disposisi", o["tip"], {"pjk": str(o["pjk"].id)},
                          expected_version=req["version"] + 1, now=MONDAY)
    with pytest.raises(UserError) as err:  # a form that sent no version changes nothing
        await service.act(req["id"], "disposisi", o["tip"], {"pjk": str(o["pjk"].id)},
                          expected_version=wf.form_version(""), now=MONDAY)
    assert "tidak membawa versi" in err.value.message
    await service.act(req["id"], "disposisi", o["tip"], {"pjk": str(o["pjk"].id)},
                      expected_version=req["version"], now=MONDAY)
    assert (await service.get_request(req["id"]))["state"] == "srs"


async def test_only_a_ketua_tim_requests_and_the_memo_is_required(o):
    with pytest.raises(Forbidden):
        await service.create_request({"judul": "X"}, o["pegawai"], pdf(), now=MONDAY)
    with pytest.raises(FormInvalid) as err:
        await service.create_request({"judul": "", "tujuan": "", "pengguna": "u"}, o["katim"],
                                     None, now=MONDAY)
    assert set(err.value.errors) == {"judul", "tujuan", "memo"}
    with pytest.raises(FormInvalid) as err:
        await service.create_request({"judul": "A", "tujuan": "B", "pengguna": "C"}, o["katim"],
                                     exe(), now=MONDAY)
    assert set(err.value.errors) == {"memo"}
    assert await Request.count() == 0 and await Document.count() == 0


async def test_who_sees_a_request(o):
    req = await new_request(o)
    for who in ("katim", "tip", "pjk", "pjk2", "kepala"):
        await service.load_for(req["id"], o[who])
    for who in ("prog", "pegawai"):
        with pytest.raises(Forbidden):
            await service.load_for(req["id"], o[who])
    await to_stage(o, req, "bangun")
    await service.load_for(req["id"], o["prog"])  # assigned now


async def test_standards_are_set_per_stage_and_a_zero_day_standard_is_refused(o):
    days = {f"max_{c}": str(hi) for c, (lo, hi) in flow.DEFAULT_DAYS.items()}
    days.update({f"min_{c}": str(lo) for c, (lo, hi) in flow.DEFAULT_DAYS.items() if lo})
    with pytest.raises(FormInvalid) as err:
        await service.set_standards(o["tip"], {**days, "max_srs": "0", "min_telaah": "20"},
                                    now=MONDAY)
    assert set(err.value.errors) == {"max_srs", "min_telaah"}
    with pytest.raises(Forbidden):
        await service.set_standards(o["pjk"], days, now=MONDAY)
    req = await new_request(o)
    await service.set_standards(o["tip"], {**days, "max_diajukan": "4", "min_diajukan": ""},
                                now=MONDAY)
    fl = await service.request_flow()
    assert fl.state("diajukan").standard.maximum == dt.timedelta(days=4)
    assert fl.state("diajukan").standard.minimum is None
    row = await Request.select(Request.due_at).where(Request.id == req["id"]).first()
    assert row["due_at"] == (await load_calendar()).deadline_working_days(MONDAY, 4)


async def test_notes_are_written_by_the_people_involved(o):
    req = await new_request(o)
    at = await to_stage(o, req, "bangun")
    await service.add_note(req["id"], o["prog"], "Modul login selesai", now=at + DAY)
    with pytest.raises(Forbidden):
        await service.add_note(req["id"], o["kepala"], "Bagus", now=at + DAY)
    with pytest.raises(FormInvalid):
        await service.add_note(req["id"], o["prog"], "   ", now=at + DAY)
    notes = await service.notes(req["id"])
    assert [(n["body"], n["stage"], n["author_name"]) for n in notes] == [
        ("Modul login selesai", "bangun", "Fajar")]


async def test_the_catalogue_is_edited_by_the_pjk_with_a_version_check(o):
    req = await new_request(o)
    await to_stage(o, req, "laporan")
    app = await Application.select().first()
    data = {"nama": "SIPANDU", "alamat": "https://sipandu2.example.go.id", "rilis": "1.0.1",
            "dirilis": "2026-09-20", "deskripsi": "Pemantauan", "cara_ubah": "Tiket", "aktif": "on",
            "tim": str(o["team"]), "pengelola": str(o["pjk"].id)}
    seen = app["version"]
    with pytest.raises(Forbidden):
        await service.save_application(app["id"], o["katim"], data, expected_version=seen, now=MONDAY)
    await service.save_application(app["id"], o["pjk"], data, expected_version=seen, now=MONDAY)
    with pytest.raises(Conflict):  # the same, stale form again
        await service.save_application(app["id"], o["pjk"], data, expected_version=seen, now=MONDAY)
    with pytest.raises(FormInvalid) as err:
        await service.save_application(app["id"], o["pjk"], {**data, "alamat": "sipandu",
                                                             "dirilis": "20-09-2026"},
                                       expected_version=seen + 1, now=MONDAY)
    assert set(err.value.errors) == {"alamat", "dirilis"}
    fresh = await service.get_application(app["id"])
    assert fresh["url"] == "https://sipandu2.example.go.id" and fresh["release"] == "1.0.1"


async def test_maintenance_tickets_on_a_released_application(o):
    req = await new_request(o)
    await to_stage(o, req, "pemeliharaan")
    app = await Application.select().first()
    with pytest.raises(FormInvalid) as err:
        await service.open_ticket(app["id"], o["pegawai"], {"jenis": "lain", "judul": ""},
                                  now=MONDAY)
    assert set(err.value.errors) == {"jenis", "judul", "isi"}
    ticket_id = await service.open_ticket(
        app["id"], o["pegawai"], {"jenis": "masalah", "judul": "Grafik kosong",
                                  "isi": "Grafik bulan Agustus tidak tampil"}, now=MONDAY)
    with pytest.raises(Forbidden):
        await service.act_ticket(ticket_id, "proses", o["prog2"], {}, now=MONDAY)
    await service.act_ticket(ticket_id, "proses", o["pjk"], {}, now=MONDAY + DAY)
    with pytest.raises(FormInvalid):
        await service.act_ticket(ticket_id, "selesai", o["pjk"], {"catatan": ""}, now=MONDAY)
    await service.act_ticket(ticket_id, "selesai", o["pjk"], {"catatan": "Diperbaiki di 1.0.1"},
                             now=MONDAY + 2 * DAY)
    row = await Ticket.select().where(Ticket.id == ticket_id).first()
    assert row["state"] == "selesai" and row["assignee"] == o["pjk"].id
    assert row["closed_at"] == MONDAY + 2 * DAY
    assert await Notification.count().where(Notification.person == o["pegawai"].id) == 2


async def test_the_srs_template_is_replaced_by_the_admin(o):
    from pintar.auth.roles import Role
    from tests.helpers import make_person

    assert await service.srs_template() is None
    admin = await make_person(Role.ADMIN)
    with pytest.raises(Forbidden):
        await service.replace_template(o["tip"], docx("templat.docx"))
    with pytest.raises(UserError):
        await service.replace_template(admin, exe("templat.docx"))
    first = await service.replace_template(admin, docx("templat.docx"))
    second = await service.replace_template(admin, docx("templat-2026.docx"))
    current = await service.srs_template()
    assert current["id"] == second != first and current["original_name"] == "templat-2026.docx"
    assert await Document.count().where(Document.id == first) == 0


async def test_demo_data_has_every_stage_and_two_released_applications():
    from pintar.appdev.demo import create_demo_data
    from pintar.demo import create_demo

    assert await create_demo("demo-sandi-123")
    states = {r["state"] for r in await Request.select(Request.state)}
    assert set(flow.STAGE_CODES) | {"revisi_srs", "pemeliharaan"} <= states
    maintained = await Request.select(Request.application).where(Request.state == "pemeliharaan")
    apps = await Application.select(Application.name, Application.id).where(
        Application.id.is_in([r["application"] for r in maintained])).order_by(Application.name)
    assert [a["name"] for a in apps] == ["Dasbor Neraca Wilayah", "SIPANDU"]
    assert {t["application"] for t in await Ticket.select(Ticket.application)} == {a["id"] for a in apps}
    # The one at the report stage is released too, so it is in the catalogue already.
    assert await Application.count() == 3
    from pintar import clock

    assert not await create_demo_data(clock.now())  # only once


async def test_step_1_is_the_memo_from_opening_the_form_to_sending_it(o):
    from tests.appdev.helpers import request_form

    quick = await service.create_request(
        request_form(dibuka=(MONDAY - dt.timedelta(minutes=3)).isoformat()), o["katim"], pdf(),
        now=MONDAY)
    slow = await service.create_request(
        request_form(dibuka=(MONDAY - dt.timedelta(minutes=12)).isoformat()), o["katim"], pdf(),
        now=MONDAY)
    implausible = await service.create_request(
        request_form(dibuka="2020-01-01T00:00:00+07:00"), o["katim"], pdf(), now=MONDAY)
    assert (await _steps(quick["id"], MONDAY))["nota"].met
    assert (await _steps(slow["id"], MONDAY))["nota"].met is False
    assert (await _steps(implausible["id"], MONDAY))["nota"].entered_at == MONDAY


async def test_compliance_figures_count_late_and_too_fast_stages(o):
    from pintar.appdev import queries

    fast = await new_request(o)  # disposed within the hour: under the 1-day minimum
    await service.act(fast["id"], "disposisi", o["tip"], {"pjk": str(o["pjk"].id)},
                      now=MONDAY + dt.timedelta(hours=1))
    late = await new_request(o)  # disposed after 5 working days: past the 2-day maximum
    await service.act(late["id"], "disposisi", o["tip"], {"pjk": str(o["pjk"].id)}, now=MONDAY + WEEK)
    fine = await new_request(o)
    await service.act(fine["id"], "disposisi", o["tip"], {"pjk": str(o["pjk"].id)}, now=MONDAY + DAY)
    running_late = await new_request(o)
    assert running_late
    figures = {f.code: f for f in await queries.compliance(
        await service.request_flow(), await load_calendar(), MONDAY + 3 * WEEK, year=2026)}
    d = figures["diajukan"]
    assert (d.finished, d.met, d.late, d.fast, d.running_late) == (3, 1, 1, 1, 1)
    assert d.percent == 33.3
    # SRS stages entered in the first week are past their 10 days; the one entered a week later is not.
    assert figures["srs"].running_late == 2


def test_portfolio_cursors_are_parsed_strictly():
    from pintar.appdev.queries import parse_cursor

    assert parse_cursor("a1788000000.5_12") == ("a", 1788000000.5, 12)
    assert parse_cursor("b40") == ("b", None, 40)
    for bad in ("", "a1e400_5", "a" + "9" * 40 + "_1", "b²", "b-1", "x1", "a1_", "b1 ", None):
        assert parse_cursor(bad) is None, bad


async def test_the_portfolio_pages_overdue_first_without_repeating(o):
    from pintar.appdev import queries

    made = []
    for n in range(queries.PORTFOLIO_PAGE + 3):  # one a day: the earliest is the most overdue
        made.append(await new_request(o, at=MONDAY + n * DAY, judul=f"Aplikasi {n:02d}"))
    paused = made[-1]  # a review sent back has no running deadline: after the others
    at = await to_stage(o, paused, "telaah", start=MONDAY + 40 * DAY)
    await service.act(paused["id"], "kembalikan_srs", o["pjk"], {"catatan": "Revisi"}, now=at + DAY)
    f = queries.Filters()
    first, more = await queries.portfolio(f)
    assert len(first) == queries.PORTFOLIO_PAGE and more
    dues = [r["due_at"] for r in first]
    assert dues == sorted(dues) and first[0]["id"] == made[0]["id"]
    second, more2 = await queries.portfolio(f, after=more)
    assert more2 is None
    ids = [r["id"] for r in first + second]
    assert sorted(ids) == sorted(r["id"] for r in made) and len(set(ids)) == len(ids)
    assert second[-1]["id"] == paused["id"] and second[-1]["due_at"] is None
