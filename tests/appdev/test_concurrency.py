"""Races on one request: two people making the same or competing steps at once. The database
decides (the engine's compare-and-set on state and version; a unique request per catalogue
entry); each test ends with the invariant checked in SQL."""

from __future__ import annotations

import asyncio

from pintar.appdev import service
from pintar.appdev.tables import Application, Request
from pintar.errors import Conflict
from pintar.workflow.tables import WorkflowEvent
from tests.appdev.helpers import DAY, new_request, pdf, to_stage


async def _events(request_id: int, transition: str) -> int:
    rows = await WorkflowEvent.raw(
        f"SELECT count(*) AS n FROM {WorkflowEvent._meta.tablename} "
        "WHERE workflow = 'appdev' AND object_id = {} AND transition = {}", request_id, transition)
    return rows[0]["n"]


async def test_two_releases_at_once_make_one_catalogue_entry(o):
    req = await new_request(o)
    at = await to_stage(o, req, "uji_akhir")
    form = {"rilis_versi": "1.0", "rilis_alamat": "https://s.example.go.id", "rilis_fungsi": "x"}

    async def release(who):
        try:
            await service.act(req["id"], "rilis", o[who], form, uploads={"berkas": pdf()},
                              now=at + DAY)
            return "ok"
        except Conflict:
            return "conflict"

    results = await asyncio.gather(release("prog"), release("pjk"))
    assert sorted(results) == ["conflict", "ok"]
    apps = await Application.raw(
        f"SELECT count(*) AS n FROM {Application._meta.tablename} WHERE request = {{}}", req["id"])
    assert apps[0]["n"] == 1
    assert await _events(req["id"], "rilis") == 1


async def test_a_disposition_and_a_rejection_at_once_one_wins(o):
    req = await new_request(o)

    async def do(action, data):
        try:
            await service.act(req["id"], action, o["tip"], data, now=req["created_at"] + DAY)
            return action
        except Conflict:
            return "conflict"

    results = await asyncio.gather(do("disposisi", {"pjk": str(o["pjk"].id)}),
                                   do("tolak", {"catatan": "Sudah ada aplikasinya"}))
    assert "conflict" in results and len(set(results)) == 2
    row = (await Request.raw(
        f"SELECT state, pjk, version FROM {Request._meta.tablename} WHERE id = {{}}", req["id"]))[0]
    won = next(r for r in results if r != "conflict")
    assert row["state"] == ("srs" if won == "disposisi" else "ditolak")
    assert (row["pjk"] == o["pjk"].id) == (won == "disposisi")
    assert await _events(req["id"], "disposisi") + await _events(req["id"], "tolak") == 1
