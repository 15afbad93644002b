"""The fast lane of transfers (移送快速通道) against the slow path: the same answers and the
same rows; refusals answered by the route; one transfer of a case however many race."""

from __future__ import annotations

import asyncio
import json

from sqlalchemy import select

from services.case_transfer.handlers import transfers
from services.case_transfer.handlers.commands import TransferOrder
from services.case_transfer.handlers.transfer_desk import TransferRequest
from shared.auth import Caller
from shared.errors import NotFound, WrongState
from shared.platform_tables import audit_log
from tests.integration.case_transfer.conftest import (
    GA,
    SCJG,
    SCJG_NO_ROLES,
    WSJK,
    context_of,
    events,
)
from tests.integration.case_transfer.flows import call, document, open_case

ORDER = {"to_department": "WSJK", "reasons": "属卫生健康部门职责",
         "attachments": [document("referral", "移送函")]}
CALLER = Caller("scjg-test", "SCJG", "370200", frozenset({"officer"}))
VARYING = {"id", "case_id", "sent_at", "transfer_id", "at", "due_at"}


def _same(value):  # type: ignore[no-untyped-def]
    """``value`` without what differs between two transfers (ids, moments)."""
    if isinstance(value, dict):
        return {k: _same(v) for k, v in value.items() if k not in VARYING}
    if isinstance(value, list):
        return [_same(v) for v in value]
    return value


async def _slow(client, case_id: str) -> dict:  # type: ignore[no-untyped-def]
    ctx = context_of(client.app)
    async with ctx.database.unit_of_work() as uow:
        done = await transfers.transfer(ctx, uow, case_id, TransferOrder.model_validate(ORDER),
                                        CALLER, ctx.clock.now())
        return {"id": done.id}


async def _audit(client, case_id: str) -> dict:  # type: ignore[no-untyped-def]
    async with client.app.state.db.reader() as session:
        row = (await session.execute(select(audit_log.c.action, audit_log.c.detail).where(
            audit_log.c.subject == case_id).order_by(audit_log.c.seq.desc()).limit(1))).one()
    return {"action": row.action, "detail": json.loads(row.detail)}


async def test_the_lane_answers_and_writes_as_the_slow_path(client):
    fast_case, slow_case = await open_case(client, SCJG), await open_case(client, SCJG)
    fast = await call(client, "POST", f"/v1/cases/{fast_case['id']}/transfers", SCJG, 201,
                      **ORDER)
    assert context_of(client.app).transfer_desk.batches >= 1  # it went through the desk
    slow = await _slow(client, slow_case["id"])
    seen_fast = await call(client, "GET", f"/v1/cases/{fast_case['id']}", SCJG)
    seen_slow = await call(client, "GET", f"/v1/cases/{slow_case['id']}", SCJG)
    assert seen_fast["pending_transfer_id"] == fast["id"]
    assert seen_slow["pending_transfer_id"] == slow["id"]
    assert _same(fast) == _same(seen_slow["transfers"][0])
    for view in ("transfers", "open_deadlines"):
        assert _same(seen_fast[view]) == _same(seen_slow[view]), view
    record_fast = await call(client, "GET", f"/v1/cases/{fast_case['id']}/record", SCJG)
    record_slow = await call(client, "GET", f"/v1/cases/{slow_case['id']}/record", SCJG)
    assert record_fast[-1]["actor"].startswith("SCJG/")  # the token's client
    assert _same({**record_fast[-1], "actor": None}) == _same({**record_slow[-1],
                                                               "actor": None})
    audit_fast, audit_slow = await _audit(client, fast_case["id"]), \
        await _audit(client, slow_case["id"])
    assert _same(audit_fast) == _same(audit_slow)
    [event_fast] = await events(client.app, "case.transferred.v1", fast_case["id"])
    [event_slow] = await events(client.app, "case.transferred.v1", slow_case["id"])
    assert _same(event_fast) == _same(event_slow)
    for side in (WSJK, SCJG):  # both see it
        assert (await client.get(f"/v1/cases/{fast_case['id']}", headers=side)).status_code \
            == 200


async def test_what_the_lane_does_not_take_the_route_answers(client):
    case = await open_case(client, SCJG)
    path = f"/v1/cases/{case['id']}/transfers"
    for headers, body, status, kind in (
            (WSJK, ORDER, 404, "case-not-found"),
            (SCJG_NO_ROLES, ORDER, 403, "role-missing"),
            (SCJG, {**ORDER, "to_department": "GA"}, 422, "judicial-organ"),
            (SCJG, {**ORDER, "reasons": ""}, 422, "validation"),
            (GA, ORDER, 404, "case-not-found")):
        answer = await client.post(path, headers=headers, json=body)
        assert (answer.status_code, answer.json()["type"].rsplit("/", 1)[1]) == (status, kind)
    form = await client.post(path, headers=SCJG, data={"to_department": "WSJK"})
    assert form.status_code == 422  # not JSON: the route reads and refuses it
    await call(client, "POST", path, SCJG, 201, **ORDER)
    again = await client.post(path, headers=SCJG, json=ORDER)
    assert again.status_code == 409 and "waits for the receiver" in again.text


async def test_racing_transfers_of_one_case_make_one(client):
    case = await open_case(client, SCJG)
    answers = await asyncio.gather(*(client.post(
        f"/v1/cases/{case['id']}/transfers", headers=SCJG,
        json={**ORDER, "to_department": target}) for target in ("WSJK", "STHJ", "NYNC") * 3))
    assert sorted(a.status_code for a in answers) == [201] + [409] * 8
    seen = await call(client, "GET", f"/v1/cases/{case['id']}", SCJG)
    assert len(seen["transfers"]) == 1


async def test_a_refused_transfer_leaves_its_batch_alone(client):
    ctx = context_of(client.app)
    first, second = await open_case(client, SCJG), await open_case(client, SCJG)
    order, now = TransferOrder.model_validate(ORDER), ctx.clock.now()
    batch = [TransferRequest(ctx, first["id"], order, CALLER, now, None),
             TransferRequest(ctx, "00000000-0000-7000-8000-000000000000", order, CALLER, now,
                             None),
             TransferRequest(ctx, first["id"], order, CALLER, now, None),
             TransferRequest(ctx, second["id"], order, CALLER, now, None)]
    answers = await ctx.transfer_desk._write(batch)
    assert [type(a).__name__ for a in answers] == ["dict", "NotFound", "WrongState", "dict"]
    assert isinstance(answers[1], NotFound) and isinstance(answers[2], WrongState)
    for case in (first, second):
        seen = await call(client, "GET", f"/v1/cases/{case['id']}", SCJG)
        assert len(seen["transfers"]) == 1 and seen["pending_transfer_id"]
