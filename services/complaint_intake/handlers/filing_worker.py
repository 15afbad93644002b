"""The intake worker (受理后台处理): accepted filings become complaints, a batch at a
time, each exactly once, whatever stops the worker.

One transaction per batch takes the oldest waiting filings (``FOR UPDATE SKIP LOCKED``
on PostgreSQL, so the workers of several replicas take different ones; on SQLite the
write lock taken at ``BEGIN IMMEDIATE`` serialises it with every other writer), writes
their complaints (``handlers.routing``), deletes them and commits. A worker stopped
anywhere before the commit (cancelled, killed, its database gone) leaves the filings as
they were: the transaction rolls back, its row locks go with its connection, and the
next batch, here or in another replica, takes them again. Once committed they are gone.
So nothing accepted is lost, and nothing is processed twice.

A batch that fails is taken again one filing at a time, so a filing that cannot be
processed holds up only itself: it is put back with ``attempts`` counted and
``retry_at`` pushed out (2 s, doubling up to an hour), and logged for the operator.

The app runs :func:`process_filings` from start to stop; it is woken by each commit of
accepted filings in this instance and looks on its own every ``filing_poll_seconds``
(filings accepted by another replica, or left by a stopped worker).

Once the database has less than a batch due, the worker stops reading back what its
own instance writes: the intake desk holds the rows it commits (``Intake.hold``) and
hands them over (``Intake.take``). The database still decides: such a batch is claimed
by ``DELETE ... RETURNING`` in the transaction that writes its complaints, and only
the rows that statement returned are written (another worker may have taken the
rest). Memory is only a shortcut: whatever it loses (a full desk, a failed batch, the
process gone), the database still has, and the next pass over it takes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import Select, bindparam, delete, func, or_, select, update

from services.complaint_intake.handlers.routing import (
    prepare,
    write_complaints,
    write_prepared,
)
from services.complaint_intake.models import AcceptedFiling

if TYPE_CHECKING:
    from services.complaint_intake.bootstrap import IntakeContext
    from shared.db import UnitOfWork

log = logging.getLogger(__name__)
_filings = AcceptedFiling.__table__
_c = _filings.c
LONGEST_WAIT = timedelta(hours=1)
# SQLite: the ids claimed as one JSON array, so the statement is compiled once
_CLAIM_ONE_ARRAY = delete(_filings).where(_c.id.in_(
    select(func.json_each(bindparam("ids")).table_valued("value").c.value))).returning(_c.id)


async def process_filings(ctx: IntakeContext) -> None:
    """The app's start hook: process what waits, then wait to be woken (or to poll)."""
    woken = asyncio.Event()
    unlisten = ctx.intake.listen(woken.set)
    try:
        while True:
            woken.clear()
            try:
                await process_waiting(ctx)
            except Exception:
                log.exception("the intake worker failed; trying again in %s s",
                              ctx.settings.filing_poll_seconds)
            # asyncio.timeout, not wait_for: wait_for (3.11) swallows a cancellation that
            # comes as the event is set, and the worker would outlive its app
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(ctx.settings.filing_poll_seconds):
                    await woken.wait()
    finally:
        unlisten()


async def process_waiting(ctx: IntakeContext, until_empty: bool = True) -> int:
    """Process the waiting filings, batch after batch (one only when not
    ``until_empty``), oldest first: from the database until it has fewer than a batch
    due, then those this instance commits from then on as the desk holds them, with a
    pass over the database at least every ``filing_poll_seconds`` (another replica's
    filings, those put back to wait). The number that became complaints."""
    done, batch, pause = 0, ctx.settings.filing_batch, ctx.settings.filing_yield_seconds
    read_at = time.monotonic()  # the last pass over the database
    while True:
        # the public first: while filings arrive, let their requests run a while (and
        # gather into a larger batch, which costs less per filing)
        await asyncio.sleep(pause if ctx.intake.arriving(pause) else 0)
        due = time.monotonic() - read_at >= ctx.settings.filing_poll_seconds
        fresh = [] if due else ctx.intake.take(batch)
        if fresh:
            count = await _process_fresh(ctx, fresh)
        else:
            # what commits from now on is held; what committed before, the database has
            ctx.intake.hold()
            try:
                count = await process_batch(ctx, batch)
            except BaseException:
                ctx.intake.drop()  # what it held may be newer than what waits there
                raise
            read_at = time.monotonic()
            if count >= batch:  # older filings wait there: they go before the new ones
                ctx.intake.drop()
        done += count
        if not until_empty or (not fresh and count < batch):
            return done


async def _process_fresh(ctx: IntakeContext, fresh: list[dict]) -> int:
    """Filings this instance just committed, prepared before the transaction and
    claimed in it by deleting them: those another worker took meanwhile are left out.
    If that fails, nothing is written, the desk stops holding, and the next batches
    come from the database (where a filing that fails again waits alone)."""
    try:
        return await _prepare_then_claim(ctx, fresh)
    except Exception as error:
        ctx.intake.drop()
        log.warning("%d filings just accepted failed (%s); taking them from the database",
                    len(fresh), type(error).__name__)
        return 0


async def _claim(uow: UnitOfWork, ids: list[str]) -> set[str]:
    """The filings of ``ids`` deleted in ``uow``: the ids of those still there."""
    connection = await uow.session.connection()
    if connection.dialect.name == "sqlite":
        result = await connection.execute(_CLAIM_ONE_ARRAY, {"ids": json.dumps(ids)})
    else:
        result = await connection.execute(
            delete(_filings).where(_c.id.in_(ids)).returning(_c.id))
    return set(result.scalars().all())


async def process_batch(ctx: IntakeContext, limit: int) -> int:
    """Up to ``limit`` of the oldest waiting filings, in one transaction; after a
    failure, each of them on its own. The number processed."""
    try:
        if ctx.database.sqlite:
            return await _prepared_then_claimed(ctx, limit)
        return await _claimed(ctx, _waiting(ctx, limit))
    except Exception as error:
        async with ctx.database.reader() as session:
            ids = (await session.scalars(_waiting(ctx, limit, _c.id))).all()
        if not ids:
            raise
        log.warning("a batch of %d filings failed (%s); processing them one by one",
                    len(ids), type(error).__name__)
    done = 0
    for filing_id in ids:
        try:
            done += await _claimed(ctx, select(_filings).where(_c.id == filing_id))
        except Exception:
            log.exception("filing %s could not be processed; it waits to be tried again",
                          filing_id)
            await _put_back(ctx, filing_id)
    return done


def _waiting(ctx: IntakeContext, limit: int, *columns: object) -> Select:
    """The oldest ``limit`` filings due (``retry_at`` passed, or none)."""
    return select(*(columns or (_filings,))) \
        .where(or_(_c.retry_at.is_(None), _c.retry_at <= ctx.clock.now())) \
        .order_by(_c.id).limit(limit)


async def _claimed(ctx: IntakeContext, claim: Select) -> int:
    """The filings ``claim`` selects, made complaints and deleted in one transaction;
    locked by it, and skipped by the other replicas' (PostgreSQL; SQLite's write lock,
    taken at BEGIN, keeps every other writer out already)."""
    async with ctx.database.unit_of_work() as uow:
        filings = [row._asdict() for row in await uow.session.execute(
            claim.with_for_update(skip_locked=True))]
        if not filings:
            return 0
        await write_complaints(uow, ctx, filings)
        gone = await uow.session.execute(
            delete(_filings).where(_c.id.in_([filing["id"] for filing in filings])))
        if gone.rowcount != len(filings):  # another transaction took some: write none
            raise RuntimeError(f"{len(filings) - gone.rowcount} of {len(filings)} claimed "
                               "filings were gone before the commit")
    return len(filings)


async def _prepared_then_claimed(ctx: IntakeContext, limit: int) -> int:
    """SQLite: the oldest ``limit`` filings due, read and prepared (subjects, standings:
    most of the work) before the write transaction, then claimed and written in it, as
    :func:`_process_fresh` does. SQLite has one write lock for the whole file, so the
    shorter the transaction the sooner a web process's intake gets it (a batch of 200
    held it ~110 ms with the preparing inside). On PostgreSQL the rows are locked one by
    one (``_claimed``), which other writers never wait for and which keeps replicas'
    workers off each other's filings before they prepare them."""
    async with ctx.database.reader() as session:
        filings = [row._asdict() for row in await session.execute(_waiting(ctx, limit))]
    return await _prepare_then_claim(ctx, filings) if filings else 0


async def _prepare_then_claim(ctx: IntakeContext, filings: list[dict]) -> int:
    """``filings`` prepared before the write transaction, then claimed in it by deleting
    them and written: those another worker took meanwhile are left out. How many."""
    prepared = await prepare(ctx, filings)
    async with ctx.database.unit_of_work() as uow:
        claimed = await _claim(uow, [f["id"] for f in filings])
        if claimed:
            await write_prepared(uow, ctx, [p for p in prepared if p.row["id"] in claimed])
    return len(claimed)


async def _put_back(ctx: IntakeContext, filing_id: str) -> None:
    """The filing waits longer after each failure: 2 s, 4 s … at most an hour."""
    with contextlib.suppress(Exception):  # the database itself may be what failed
        async with ctx.database.reader() as session:
            attempts = await session.scalar(select(_c.attempts).where(_c.id == filing_id))
        if attempts is None:
            return
        wait = min(timedelta(seconds=2 ** min(attempts + 1, 12)), LONGEST_WAIT)
        async with ctx.database.unit_of_work() as uow:
            await uow.session.execute(update(_filings).where(_c.id == filing_id).values(
                attempts=_c.attempts + 1, retry_at=ctx.clock.now() + wait))
