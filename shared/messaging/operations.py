"""Operator actions on the messaging plumbing (运维操作): outbox replay, DLQ list/replay.

Used by ``jianguan outbox replay`` and ``jianguan dlq list|replay``; each takes an
optional ``progress(done, total)`` callback so the CLI can draw a bar.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from aiokafka import TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from sqlalchemy import func, select

from shared.db import Database
from shared.messaging.dead_letters import DeadLetter
from shared.messaging.kafka import (
    DLQ_SUFFIX,
    TopicConfig,
    ensure_topics,
    new_consumer,
    new_producer,
)
from shared.messaging.relay import send_rows
from shared.platform_tables import outbox

Progress = Callable[[int, int], None]
REPLAY_GROUP = "jianguan.dlq-replay"


async def replay_outbox(
    database: Database,
    bootstrap: str,
    since: datetime,
    progress: Progress | None = None,
    batch_size: int = 1000,
) -> int:
    """Publish again every outbox row created at or after ``since``, in original order.

    Consumers' inboxes make the copies harmless; this is how the suite recovers
    after the memory-only embedded broker restarted and forgot its topics.
    """
    where = outbox.c.created_at >= since
    async with database.reader() as session:
        total = int((await session.execute(select(func.count()).where(where))).scalar_one())
        topics = [
            t for (t,) in await session.execute(select(outbox.c.topic).where(where).distinct())
        ]
    if total:
        await ensure_topics(
            bootstrap, topics + [t + DLQ_SUFFIX for t in topics], TopicConfig.load()
        )
    producer = new_producer(bootstrap)
    await producer.start()
    done, last_id = 0, -1
    try:
        while done < total:
            async with database.reader() as session:
                rows = (
                    await session.execute(
                        select(outbox)
                        .where(where, outbox.c.id > last_id)
                        .order_by(outbox.c.id)
                        .limit(batch_size)
                    )
                ).all()
            if not rows:
                break
            errors = [e for e in await send_rows(producer, rows) if e is not None]
            if errors:
                raise RuntimeError(f"{len(errors)} events were not acknowledged: {errors[0]}")
            done += len(rows)
            last_id = rows[-1].id
            if progress:
                progress(done, total)
    finally:
        await producer.stop()
    return done


@dataclass(frozen=True)
class DeadLetterView:
    letter: DeadLetter
    replayed: bool


async def _dlq_partitions(bootstrap: str, topic: str | None) -> list[TopicPartition]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        names = [t for t in await admin.list_topics() if t.endswith(DLQ_SUFFIX)]
        if topic:
            names = [t for t in names if t in (topic, topic + DLQ_SUFFIX)]
        described = await admin.describe_topics(names) if names else []
    finally:
        await admin.close()
    return [TopicPartition(d["topic"], p["partition"]) for d in described for p in d["partitions"]]


async def _read_dlq(bootstrap: str, topic: str | None):  # type: ignore[no-untyped-def]
    """Every DLQ record and, per partition, the replay group's committed offset."""
    partitions = await _dlq_partitions(bootstrap, topic)
    if not partitions:
        return [], {}, None
    consumer = new_consumer(bootstrap, REPLAY_GROUP)
    await consumer.start()
    consumer.assign(partitions)
    ends = await consumer.end_offsets(partitions)
    committed = {tp: (await consumer.committed(tp)) or 0 for tp in partitions}
    await consumer.seek_to_beginning(*partitions)
    records = []
    while await _behind(consumer, ends):
        batch = await consumer.getmany(timeout_ms=1000)
        for recs in batch.values():
            records.extend(r for r in recs if r.offset < ends[TopicPartition(r.topic, r.partition)])
    return records, committed, consumer


async def _behind(consumer, ends) -> bool:  # type: ignore[no-untyped-def]
    for tp, end in ends.items():
        if await consumer.position(tp) < end:
            return True
    return False


async def list_dead_letters(bootstrap: str, topic: str | None = None) -> list[DeadLetterView]:
    records, committed, consumer = await _read_dlq(bootstrap, topic)
    if consumer is not None:
        await consumer.stop()
    return [
        DeadLetterView(
            DeadLetter.from_record(r), r.offset < committed[TopicPartition(r.topic, r.partition)]
        )
        for r in records
    ]


async def replay_dead_letters(
    bootstrap: str, topic: str | None = None, progress: Progress | None = None
) -> int:
    """Send each not-yet-replayed DLQ message back to its original topic, once."""
    records, committed, consumer = await _read_dlq(bootstrap, topic)
    if consumer is None:
        return 0
    pending = [r for r in records if r.offset >= committed[TopicPartition(r.topic, r.partition)]]
    producer = new_producer(bootstrap)
    await producer.start()
    try:
        for done, record in enumerate(pending, 1):
            letter = DeadLetter.from_record(record)
            await producer.send_and_wait(
                letter.original_topic, value=letter.value, key=letter.key, headers=letter.headers
            )
            tp = TopicPartition(record.topic, record.partition)
            await consumer.commit({tp: record.offset + 1})
            if progress:
                progress(done, len(pending))
    finally:
        await producer.stop()
        await consumer.stop()
    return len(pending)
