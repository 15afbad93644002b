"""Accept first (CP-1): a filing is answered with its receipt code as soon as it is
stored; the intake worker routes it moments later, exactly once, whatever stops it."""

from __future__ import annotations

import asyncio
import base64

from sqlalchemy import select

from services.complaint_intake.bootstrap import build
from services.complaint_intake.config import DEV_IDENTITY_KEY
from services.complaint_intake.handlers import filing_worker
from services.complaint_intake.handlers.filing_worker import process_waiting
from services.complaint_intake.models import AcceptedFiling
from tests.clock import service_clock
from tests.integration.complaint_intake.conftest import (
    SCJG,
    SCJG_OFFICER,
    context_of,
    events,
    filing,
    fresh_uscc,
    make_app,
    serving,
    settings_for,
    settled,
)
from tests.integration.complaint_intake.exactly_once import problems, rows_per_filing

TEXT = "这家餐馆后厨卫生极差，老鼠出没，餐具不消毒，多人吃完腹泻。"


async def accepted(client, count: int, **changes) -> list[dict]:  # type: ignore[no-untyped-def]
    answers = [await client.post("/v1/complaints", json=filing(**changes))
               for _ in range(count)]
    assert {a.status_code for a in answers} == {201}, answers[0].text
    return [a.json() for a in answers]


async def test_the_receipt_says_received_until_the_worker_routes_it(database):
    idle = make_app(database, filing_worker=False)  # nobody routes: we see the gap
    async with serving(idle, "198.51.100.51") as client:
        [filed] = await accepted(client, 1, kind="report")
        receipt = (await client.get(f"/v1/receipts/{filed['receipt_code']}")).json()
        rating = await client.post(f"/v1/receipts/{filed['receipt_code']}/rating",
                                   json={"score": 5})
        [request] = (await client.get("/open311/v2/requests.json", params={
            "service_request_id": filed["receipt_code"]})).json()
        detail = await client.get(f"/v1/complaints/{filed['complaint_id']}", headers=SCJG)
        assert await events(idle, "complaint.received.v1", filed["complaint_id"]) == []
        assert await process_waiting(context_of(idle)) >= 1  # what the worker does
        routed = (await client.get(f"/v1/receipts/{filed['receipt_code']}")).json()

    assert set(filed) == {"complaint_id", "receipt_code", "status", "received_on"}
    assert (receipt["status"], receipt["department"], receipt["linked"]) == (
        "received", None, False)
    assert receipt["decide_case_by"] is None and receipt["received_on"] == filed["received_on"]
    assert rating.status_code == 409 and "being routed" in rating.json()["detail"]
    assert (request["status"], request["agency_responsible"]) == ("open", None)
    assert detail.status_code == 404 and "moments" in detail.json()["detail"]
    assert (routed["status"], routed["department"]) == ("received", "SCJG")
    assert routed["decide_case_by"] is not None and routed["accept_by"] is None


async def test_what_the_database_decides_moves_to_the_receipt(client):
    uscc = fresh_uscc()
    first, again = [(await client.post("/v1/complaints", json=filing(
        uscc, description=TEXT, category="consumer_rights"))).json() for _ in range(2)]
    await settled(client.app)
    shown = [(await client.get(f"/v1/receipts/{f['receipt_code']}")).json()
             for f in (first, again)]

    assert [(s["department"], s["duplicate_of"], s["linked"]) for s in shown] == [
        ("SCJG-370211", None, False), ("SCJG-370211", first["complaint_id"], True)]
    assert shown[0]["accept_by"] is not None and shown[1]["accept_by"] == shown[0]["accept_by"]


async def test_an_app_stopped_mid_batch_loses_nothing_and_doubles_nothing(database,
                                                                         monkeypatch):
    """The worker is stopped inside its transaction, its complaints written but not
    committed; the next start makes each filing one complaint, once."""
    async with serving(make_app(database, filing_worker=False), "198.51.100.52") as client:
        filed = await accepted(client, 6, reporter={"name": "钱七", "phone": "13700007777"})
    ids = [f["complaint_id"] for f in filed]
    inside, never = asyncio.Event(), asyncio.Event()

    def stalling(original):  # type: ignore[no-untyped-def]
        async def stalled(uow, ctx, filings):  # type: ignore[no-untyped-def]
            written = await original(uow, ctx, filings)
            inside.set()
            await never.wait()  # the app stops here, before the commit
            return written
        return stalled

    # what the worker writes with: filings it reads and prepares under the lock
    # (PostgreSQL), or prepared before the transaction (SQLite, and those just accepted)
    for name in ("write_complaints", "write_prepared"):
        monkeypatch.setattr(filing_worker, name, stalling(getattr(filing_worker, name)))
    stopped = make_app(database)
    async with serving(stopped):
        await asyncio.wait_for(inside.wait(), 15)
    monkeypatch.undo()
    left = await rows_per_filing(context_of(stopped).database, ids)
    restarted = make_app(database)
    async with serving(restarted) as client:
        await settled(restarted)
        found = await rows_per_filing(context_of(restarted).database, ids)
        reporter = await client.get(f"/v1/complaints/{ids[0]}/reporter",
                                    headers=SCJG_OFFICER)

    assert sum(left["waiting"].values()) == 6 and sum(left["complaints"].values()) == 0
    assert sum(left["received"].values()) == sum(left["audit"].values()) == 0
    assert problems(found, ids) == []
    assert reporter.status_code == 200 and reporter.json()["phone"] == "13700007777"


async def test_two_workers_share_a_backlog_and_process_each_filing_once(database):
    """Replicas' workers (on PostgreSQL: rows claimed FOR UPDATE SKIP LOCKED) take
    different filings; duplicates among them still open one task."""
    uscc = fresh_uscc()
    async with serving(make_app(database, filing_worker=False), "198.51.100.53") as client:
        filed = await accepted(client, 60)
        filed += await accepted(client, 8, uscc=uscc, description=TEXT)
    one, two = (build(settings_for(database, filing_worker=False, filing_batch=7),
                      clock=service_clock()) for _ in range(2))
    try:
        done = await asyncio.gather(process_waiting(one), process_waiting(two))
        found = await rows_per_filing(one.database, [f["complaint_id"] for f in filed])
    finally:
        for ctx in (one, two):
            await ctx.database.dispose()

    assert sum(done) >= 68
    assert problems(found, [f["complaint_id"] for f in filed]) == []
    repeats = [f["complaint_id"] for f in filed[60:]]
    assert sum(found["firsts"][c] for c in repeats) == 1  # one task for the eight


async def test_a_filing_that_cannot_be_processed_waits_alone(database, monkeypatch):
    async with serving(make_app(database, filing_worker=False), "198.51.100.54") as client:
        filed = await accepted(client, 5)
    poison = filed[2]["complaint_id"]

    def failing(original):  # type: ignore[no-untyped-def]
        async def write(uow, ctx, filings):  # type: ignore[no-untyped-def]
            # filing rows (write_complaints) or prepared filings (write_prepared)
            if any((f if isinstance(f, dict) else f.row)["id"] == poison for f in filings):
                raise RuntimeError("a filing the worker cannot process")
            return await original(uow, ctx, filings)
        return write

    for name in ("write_complaints", "write_prepared"):
        monkeypatch.setattr(filing_worker, name, failing(getattr(filing_worker, name)))
    ctx = build(settings_for(database, filing_worker=False), clock=service_clock())
    try:
        done = await process_waiting(ctx)
        again = await process_waiting(ctx)  # not due yet: nothing is tried
        async with ctx.database.reader() as session:
            held = (await session.execute(select(
                AcceptedFiling.attempts, AcceptedFiling.retry_at)
                .where(AcceptedFiling.id == poison))).one()
        found = await rows_per_filing(ctx.database, [f["complaint_id"] for f in filed])
    finally:
        await ctx.database.dispose()

    assert (done, again) == (4, 0)
    assert held.attempts == 1 and held.retry_at > ctx.clock.now()
    assert problems(found, [f["complaint_id"] for f in filed if f["complaint_id"] != poison]) \
        == []


async def test_a_waiting_filing_is_resealed_with_the_identities(database):
    """Key rotation re-seals filings the worker has not taken yet, so the old key can go
    even while some wait."""
    from services.complaint_intake.commands import rotate

    new_key = "k2027:" + base64.b64encode(b"m" * 32).decode()
    async with serving(make_app(database, filing_worker=False), "198.51.100.55") as client:
        [filed] = await accepted(client, 1, reporter={"phone": "13722223333"})
    both = build(settings_for(database, identity_keys=f"{new_key},{DEV_IDENTITY_KEY}",
                              identity_current_key="k2027", filing_worker=False),
                 clock=service_clock())
    try:
        while await rotate(both):
            pass
    finally:
        await both.database.dispose()
    rotated = make_app(database, identity_keys=new_key, identity_current_key="k2027")
    async with serving(rotated) as client:
        await settled(rotated)
        read = await client.get(f"/v1/complaints/{filed['complaint_id']}/reporter",
                                headers=SCJG_OFFICER)

    assert read.status_code == 200 and read.json()["phone"] == "13722223333"
