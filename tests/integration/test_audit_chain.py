"""The hash-chained audit log (审计日志) on real SQLite and PostgreSQL databases."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator
from itertools import pairwise

import pytest
from sqlalchemy import delete, select, update

from shared import platform_tables
from shared.audit import GENESIS_HASH, AuditNote, entry_hash, record, record_many, verify_chain
from shared.contracts.audit import AuditCheckpoint
from shared.db import AuditSeal, Database
from shared.messaging.outbox import Outbox
from shared.platform_tables import audit_head, audit_log, outbox
from tests.integration.pg import fresh_postgres_database

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")
KEY = b"audit-key-of-the-test-service"
SEAL = AuditSeal(KEY, "platform-test")


@pytest.fixture(params=[
    "sqlite",
    pytest.param("postgres", marks=pytest.mark.skipif(
        not POSTGRES_URL, reason="set TEST_POSTGRES_URL to run against PostgreSQL")),
])
async def db(request, tmp_path) -> AsyncIterator[Database]:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        database = Database(f"sqlite+aiosqlite:///{tmp_path}/a.db", audit=SEAL,
                            outbox=Outbox("/jianguan/platform-test"))
        await _create_tables(database)
        yield database
        await database.dispose()
        return
    assert POSTGRES_URL is not None
    async with fresh_postgres_database(POSTGRES_URL) as url:
        database = Database(url, audit=SEAL, outbox=Outbox("/jianguan/platform-test"))
        await _create_tables(database)
        yield database
        await database.dispose()


async def _create_tables(database: Database) -> None:
    async with database.engine.begin() as connection:
        await connection.run_sync(platform_tables.create_v1)


async def _append(db: Database, transactions: int, per_transaction: int) -> None:
    for t in range(transactions):
        async with db.unit_of_work() as uow:
            for i in range(per_transaction):
                await record(uow, actor="SCJG:client-7", action="case.transferred",
                             subject=f"case-{t}-{i}",
                             detail={"to": "WSJKW", "note": "移送卫健委", "n": i, "ratio": 0.25})


async def _verify(db: Database, checkpoints=(), key: bytes = KEY):  # type: ignore[no-untyped-def]
    async with db.reader() as session:
        return await verify_chain(session, key, checkpoints=checkpoints)


async def _head(db: Database) -> AuditCheckpoint:
    async with db.reader() as session:
        row = (await session.execute(select(audit_head.c.seq, audit_head.c.hash))).one()
    return AuditCheckpoint(service="platform-test", seq=row.seq, hash=row.hash,
                           at="2026-11-24T16:05:00Z")


async def test_entries_written_in_several_transactions_form_an_intact_chain(db: Database) -> None:
    await _append(db, transactions=10, per_transaction=10)
    seen: list[tuple[int, int]] = []
    async with db.reader() as session:
        report = await verify_chain(session, KEY, progress=lambda done, total: seen.append(
            (done, total)), chunk_size=30)

    assert report.intact
    assert report.entries == 100
    assert report.message == "audit chain of 100 entries is intact"
    assert seen[-1] == (100, 100)


async def test_first_entry_links_to_genesis_and_returns_what_was_stored(db: Database) -> None:
    async with db.unit_of_work() as uow:
        first = await record(uow, actor="system", action="rules.loaded", subject=None,
                             detail={"version": "2024-01"})
        second = await record(uow, actor="system", action="rules.loaded", subject=None,
                              detail={})

    assert (first.seq, first.prev_hash) == (1, GENESIS_HASH)
    assert (second.seq, second.prev_hash) == (2, first.hash)
    assert (await _verify(db)).intact


async def test_a_batch_of_entries_chains_in_order_after_single_ones(db: Database) -> None:
    await _append(db, transactions=1, per_transaction=2)
    async with db.unit_of_work() as uow:
        batch = await record_many(uow, [
            AuditNote("public", "complaint.received", f"c-{n}", {"n": n}) for n in range(5)])
        assert await record_many(uow, []) == []
    await _append(db, transactions=1, per_transaction=1)

    assert [entry.seq for entry in batch] == [3, 4, 5, 6, 7]
    assert all(later.prev_hash == earlier.hash for earlier, later in pairwise(batch))
    report = await _verify(db)
    assert report.intact and report.entries == 8


async def test_altered_detail_is_named_as_the_broken_entry(db: Database) -> None:
    await _append(db, transactions=4, per_transaction=10)
    async with db.unit_of_work() as uow:
        await uow.session.execute(
            update(audit_log).where(audit_log.c.seq == 17).values(detail='{"to":"GAJ"}'))

    report = await _verify(db)

    assert not report.intact
    assert report.first_broken_seq == 17
    assert report.message == ("audit chain broken at entry 17: stored hash does not match "
                              "its content under the audit key (entry was altered, or the "
                              "key is not this service's)")


async def test_removed_middle_entry_is_named(db: Database) -> None:
    await _append(db, transactions=4, per_transaction=10)
    async with db.unit_of_work() as uow:
        await uow.session.execute(delete(audit_log).where(audit_log.c.seq == 23))

    report = await _verify(db)

    assert not report.intact
    assert report.first_broken_seq == 23
    assert "seq 23 missing" in report.message


async def test_entries_cut_off_the_end_are_noticed_through_the_head(db: Database) -> None:
    await _append(db, transactions=2, per_transaction=10)
    async with db.unit_of_work() as uow:
        await uow.session.execute(delete(audit_log).where(audit_log.c.seq > 17))

    report = await _verify(db)

    assert not report.intact
    assert report.first_broken_seq == 18
    assert "head points at entry 20 but the chain ends at entry 17" in report.message


async def test_rolled_back_transaction_leaves_no_entry(db: Database) -> None:
    await _append(db, transactions=1, per_transaction=3)

    with pytest.raises(RuntimeError):
        async with db.unit_of_work() as uow:
            await record(uow, actor="SCJG:client-7", action="case.closed", subject="case-x",
                         detail={})
            raise RuntimeError("the change failed after the audit entry was written")

    async with db.reader() as session:
        seqs = (await session.execute(select(audit_log.c.seq).order_by(audit_log.c.seq))).scalars()
        assert list(seqs) == [1, 2, 3]
    async with db.unit_of_work() as uow:
        after = await record(uow, actor="system", action="case.closed", subject="case-x",
                             detail={})
    assert after.seq == 4
    assert (await _verify(db)).intact


async def test_concurrent_appenders_keep_one_unbroken_chain(db: Database) -> None:
    async def appender(name: str) -> None:
        for i in range(10):
            async with db.unit_of_work() as uow:
                await record(uow, actor=name, action="complaint.assigned", subject=f"c-{i}",
                             detail={"i": i})
                await asyncio.sleep(0)  # let the other appenders reach the head lock

    await asyncio.gather(*(appender(f"dept-{n}") for n in range(8)))

    report = await _verify(db)
    assert report.intact, report.message
    assert report.entries == 80


async def test_an_entry_rewritten_with_every_later_hash_recomputed_is_caught(
        db: Database) -> None:
    """Someone who can write the database but has not the key rewrites entry 5 and
    recomputes every hash after it, and the head: without the key they cannot match."""
    await _append(db, transactions=1, per_transaction=10)
    async with db.unit_of_work() as uow:
        rows = (await uow.session.execute(select(audit_log).order_by(audit_log.c.seq))).all()
        prev = rows[3].hash
        for row in rows[4:]:
            detail = {"to": "GAJ"} if row.seq == 5 else json.loads(row.detail)
            forged = entry_hash(b"a guessed key", prev, row.seq, row.at, row.actor, row.action,
                                row.subject, detail)
            await uow.session.execute(update(audit_log).where(audit_log.c.seq == row.seq).values(
                detail=json.dumps(detail), prev_hash=prev, hash=forged))
            prev = forged
        await uow.session.execute(update(audit_head).values(hash=prev))

    report = await _verify(db)

    assert not report.intact
    assert report.first_broken_seq == 5


async def test_the_same_chain_does_not_verify_under_another_key(db: Database) -> None:
    await _append(db, transactions=1, per_transaction=3)
    assert (await _verify(db)).intact
    report = await _verify(db, key=b"another service's key")
    assert not report.intact and report.first_broken_seq == 1


async def test_a_cut_tail_with_the_head_moved_back_is_caught_by_a_checkpoint(
        db: Database) -> None:
    await _append(db, transactions=2, per_transaction=10)
    published = await _head(db)  # the head as it was published outside the database
    async with db.unit_of_work() as uow:
        await uow.session.execute(delete(audit_log).where(audit_log.c.seq > 12))
        kept = (await uow.session.execute(select(audit_log.c.hash)
                                          .where(audit_log.c.seq == 12))).scalar_one()
        await uow.session.execute(update(audit_head).values(seq=12, hash=kept))

    assert (await _verify(db)).intact  # the database alone cannot tell
    report = await _verify(db, checkpoints=[published])

    assert not report.intact
    assert report.first_broken_seq == 13
    assert "a checkpoint was published for entry 20 but the chain ends at entry 12" \
        in report.message


async def test_a_chain_that_matches_its_checkpoints_says_so(db: Database) -> None:
    await _append(db, transactions=1, per_transaction=5)
    first = await _head(db)
    await _append(db, transactions=1, per_transaction=5)

    report = await _verify(db, checkpoints=[first, await _head(db)])

    assert report.intact
    assert report.message == ("audit chain of 10 entries is intact, and matches 2 published "
                              "checkpoint(s)")


async def test_an_emptied_chain_is_not_intact(db: Database) -> None:
    await _append(db, transactions=1, per_transaction=4)
    async with db.unit_of_work() as uow:
        await uow.session.execute(delete(audit_log))
        await uow.session.execute(delete(audit_head))

    report = await _verify(db)

    assert not report.intact
    assert "the chain is empty" in report.message


async def test_a_checkpoint_is_emitted_with_every_thousandth_entry(db: Database) -> None:
    async with db.unit_of_work() as uow:
        await record_many(uow, [AuditNote("t", "x", None, {"n": n}) for n in range(999)])
    assert await _checkpoints(db) == []
    async with db.unit_of_work() as uow:
        await record_many(uow, [AuditNote("t", "x", None, {"n": n}) for n in range(3)])

    (checkpoint,) = await _checkpoints(db)
    assert checkpoint["service"] == "platform-test"
    assert checkpoint["seq"] == 1002
    assert checkpoint["hash"] == (await _head(db)).hash


async def _checkpoints(db: Database) -> list[dict]:
    async with db.reader() as session:
        rows = (await session.execute(select(outbox.c.payload).where(
            outbox.c.topic == "audit.checkpoint.v1"))).scalars().all()
    return [json.loads(row)["data"] for row in rows]
