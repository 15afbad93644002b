"""The intake desk hands the filings it has just committed to its own worker in memory
(``Intake.hold``/``take``); the database still decides: each filing becomes one
complaint once, however the in-memory path races, fails or overflows."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from services.complaint_intake.bootstrap import build
from services.complaint_intake.handlers import filing_worker
from services.complaint_intake.handlers.filing_worker import process_waiting
from services.complaint_intake.handlers.routing import prepare
from services.complaint_intake.models import AcceptedFiling
from tests.clock import service_clock
from tests.integration.complaint_intake.conftest import (
    context_of,
    filing,
    make_app,
    routed,
    serving,
    settings_for,
)
from tests.integration.complaint_intake.exactly_once import problems, rows_per_filing


async def _accepted(client, count: int, **changes) -> list[str]:  # type: ignore[no-untyped-def]
    answers = [await client.post("/v1/complaints", json=filing(**changes))
               for _ in range(count)]
    assert {a.status_code for a in answers} == {201}, answers[0].text
    return [a.json()["complaint_id"] for a in answers]


def _holding(app):  # type: ignore[no-untyped-def]
    """The app's desk holding what it commits, as it does for its own worker."""
    intake = context_of(app).intake
    unlisten = intake.listen(lambda: None)
    intake.hold()
    return intake, unlisten


def _other(database: str, **overrides):  # type: ignore[no-untyped-def]
    """Another replica's worker: it reads the filings from the database."""
    return build(settings_for(database, filing_worker=False, **overrides),
                 clock=service_clock())


async def test_a_filing_taken_from_memory_becomes_the_complaint_the_database_would_make(
        database):
    app = make_app(database, filing_worker=False)
    intake, unlisten = _holding(app)
    async with serving(app, "198.51.100.61") as client:
        [filed] = await _accepted(client, 1, reporter={"name": "孙八", "phone": "13600006666"})
        [fresh] = intake.take(10)
        async with context_of(app).database.reader() as session:
            stored = (await session.execute(
                select(AcceptedFiling.__table__).where(AcceptedFiling.id == filed))).one()
        ctx = context_of(app)
        from_memory = await prepare(ctx, [fresh])
        from_database = await prepare(ctx, [stored._asdict()])
        assert await process_waiting(ctx) == 1
    unlisten()

    assert fresh["id"] == filed
    assert [(p.row, p.identity, p.filed, p.traceparent) for p in from_memory] \
        == [(p.row, p.identity, p.filed, p.traceparent) for p in from_database]


async def test_filings_in_memory_and_a_database_worker_racing_them_make_each_once(database):
    app = make_app(database, filing_worker=False)
    intake, unlisten = _holding(app)
    other = _other(database, filing_batch=5)
    try:
        async with serving(app, "198.51.100.62") as client:
            await process_waiting(other)  # none of another test's left: the 5 oldest are ours
            ids = await _accepted(client, 42)
            fresh = intake.take(100)
            taken = await filing_worker.process_batch(other, 5)  # the 5 oldest, first
            late = await filing_worker._process_fresh(context_of(app), fresh)
            again = await _accepted(client, 40)  # and now both at once
            done = await asyncio.gather(process_waiting(context_of(app)),
                                        process_waiting(other))
            found = await rows_per_filing(other.database, ids + again)
    finally:
        unlisten()
        await other.database.dispose()

    assert [f["id"] for f in fresh] == ids
    assert (taken, late) == (5, 37)  # memory claimed only what was still waiting
    assert sum(done) == 40
    assert problems(found, ids + again) == []


async def test_a_batch_that_fails_in_memory_is_made_from_the_database(database, monkeypatch):
    app = make_app(database, filing_worker=False)
    intake, unlisten = _holding(app)
    failures = []
    original = filing_worker.write_prepared

    async def failing_once(uow, ctx, prepared):  # type: ignore[no-untyped-def]
        if not failures:
            failures.append(len(prepared))
            await original(uow, ctx, prepared)  # written, then the transaction fails
            raise RuntimeError("the in-memory batch fails after writing")
        return await original(uow, ctx, prepared)

    monkeypatch.setattr(filing_worker, "write_prepared", failing_once)
    async with serving(app, "198.51.100.63") as client:
        ids = await _accepted(client, 9, reporter={"phone": "13600001111"})
        done = await process_waiting(context_of(app))
        found = await rows_per_filing(context_of(app).database, ids)
        holding = intake.holding
    unlisten()

    assert failures == [9]  # the whole batch went the in-memory way first
    assert done == 9 and problems(found, ids) == []
    assert holding  # caught up again: the desk holds what comes next


async def test_a_full_desk_leaves_the_filings_to_the_database_oldest_first(database):
    app = make_app(database, filing_worker=False)
    intake, unlisten = _holding(app)
    intake.held = 3
    async with serving(app, "198.51.100.64") as client:
        ids = await _accepted(client, 5)
        overflowed = (intake.holding, intake.take(10))
        done = await process_waiting(context_of(app))
        found = await rows_per_filing(context_of(app).database, ids)
    unlisten()

    assert overflowed == (False, [])  # nothing held past the gap: no newer one first
    assert done == 5 and problems(found, ids) == []


async def test_another_replicas_filing_is_routed_while_this_ones_keep_arriving(database):
    """Its own filings never starve the database: the worker reads it every
    ``filing_poll_seconds`` even while it has filings in memory."""
    busy = make_app(database, filing_poll_seconds=0.3)
    elsewhere = make_app(database, filing_worker=False)
    ids: list[str] = []
    stop = asyncio.Event()

    async def keep_filing(client) -> None:  # type: ignore[no-untyped-def]
        while not stop.is_set():
            ids.extend(await _accepted(client, 1))

    async with serving(busy, "198.51.100.65") as client, \
            serving(elsewhere, "198.51.100.66") as replica:
        await routed(busy, (await _accepted(client, 1))[0])  # caught up: it holds
        posters = [asyncio.create_task(keep_filing(client)) for _ in range(4)]
        await asyncio.sleep(0.1)
        [theirs] = await _accepted(replica, 1)
        try:
            await routed(busy, theirs, timeout=5)
            arriving = not any(poster.done() for poster in posters)
        finally:
            stop.set()
            await asyncio.gather(*posters)
        await routed(busy, ids[-1])
        await asyncio.sleep(0.1)
        found = await rows_per_filing(context_of(busy).database, [theirs, *ids])

    assert arriving and len(ids) > 20
    assert problems(found, [theirs, *ids]) == []
