"""Operator actions on the messaging plumbing (运维操作): outbox replay, DLQ list/replay.

Used by ``jianguan outbox replay`` and ``jianguan dlq list|replay``; each takes an
optional ``progress(done, total)`` callback so the CLI can draw a bar. The dead letters
``jianguan dlq`` works on are the ones each service keeps in its database
(:func:`stored_dead_letters`, :func:`replay_stored_dead_letters`), which outlive the
broker; :func:`list_dead_letters` still reads a broker's ``.dlq`` topics.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from aiokafka import TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from sqlalchemy import func, or_, select, update

from shared.db import Database
from shared.messaging.dead_letters import DeadLetter, decode_headers
from shared.messaging.kafka import (
    DLQ_SUFFIX,
    TopicConfig,
    ensure_topics,
    new_consumer,
    new_producer,
)
from shared.messaging.relay import send_rows
from shared.platform_tables import dead_letters, outbox

Progress = Callable[[int, int], None]
REPLAY_GROUP = "jianguan.dlq-replay"
H_REPLAY_OF = "jianguan.replay-of"


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


@dataclass(frozen=True)
class StoredDeadLetter:
    """A dead letter as its consuming service keeps it."""

    id: int
    consumer: str
    topic: str
    partition: int
    offset: int
    event_id: str | None
    event_type: str | None
    error: str
    attempts: int
    failures: int
    first_failed_at: datetime
    last_failed_at: datetime
    replays: int
    replayed_at: datetime | None
    value_size: int
    value_sha256: str
    truncated: bool

    @property
    def pending(self) -> bool:
        """Not replayed since it last failed."""
        return self.replayed_at is None or self.last_failed_at > self.replayed_at


_LISTED = [dead_letters.c[name] for name in StoredDeadLetter.__dataclass_fields__]
_PENDING = or_(dead_letters.c.replayed_at.is_(None),
               dead_letters.c.last_failed_at > dead_letters.c.replayed_at)


def _about(topic: str | None, letter_id: int | None):  # type: ignore[no-untyped-def]
    where = []
    if topic:
        where.append(dead_letters.c.topic == topic.removesuffix(DLQ_SUFFIX))
    if letter_id is not None:
        where.append(dead_letters.c.id == letter_id)
    return where


async def stored_dead_letters(database: Database, topic: str | None = None,
                              letter_id: int | None = None) -> list[StoredDeadLetter]:
    """The dead letters ``database`` keeps (of ``topic``, or the one ``letter_id``)."""
    async with database.reader() as session:
        rows = (await session.execute(select(*_LISTED).where(*_about(topic, letter_id))
                                      .order_by(dead_letters.c.id))).all()
    return [StoredDeadLetter(*(_utc(v) if isinstance(v, datetime) else v for v in row))
            for row in rows]


def _utc(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)  # SQLite hands back naive UTC


@dataclass
class ReplayOutcome:
    replayed: list[int] = field(default_factory=list)
    truncated: list[int] = field(default_factory=list)  # kept cut short: cannot be sent


async def replay_stored_dead_letters(
    database: Database, bootstrap: str, *, topic: str | None = None,
    letter_id: int | None = None, value: bytes | None = None,
    progress: Progress | None = None,
) -> ReplayOutcome:
    """Send each pending dead letter ``database`` keeps back to its original topic, once,
    and mark it replayed. ``letter_id`` with ``value``: that letter, repaired (its body
    replaced by ``value``), even if it was replayed before. A letter kept truncated is
    sent only repaired."""
    where = _about(topic, letter_id)
    if value is None:
        where.append(_PENDING)
    columns = [dead_letters.c.id, dead_letters.c.topic, dead_letters.c.key,
               dead_letters.c.value, dead_letters.c.headers, dead_letters.c.truncated,
               dead_letters.c.consumer]
    async with database.reader() as session:
        rows = (await session.execute(select(*columns).where(*where)
                                      .order_by(dead_letters.c.id))).all()
    outcome = ReplayOutcome(truncated=[r.id for r in rows if r.truncated and value is None])
    rows = [r for r in rows if value is not None or not r.truncated]
    if not rows:
        return outcome
    topics = sorted({r.topic for r in rows})
    await ensure_topics(bootstrap, topics + [t + DLQ_SUFFIX for t in topics], TopicConfig.load())
    producer = new_producer(bootstrap)
    await producer.start()
    try:
        for done, row in enumerate(rows, 1):
            headers = [(k, v) for k, v in decode_headers(row.headers) if k != H_REPLAY_OF]
            headers.append((H_REPLAY_OF, f"{row.consumer}:{row.id}".encode()))
            sent_at = datetime.now(UTC)  # before the send: a failure after it is newer
            await producer.send_and_wait(row.topic, value=value if value is not None
                                         else row.value, key=row.key, headers=headers)
            async with database.unit_of_work() as uow:
                await uow.session.execute(
                    update(dead_letters).where(dead_letters.c.id == row.id)
                    .values(replays=dead_letters.c.replays + 1, replayed_at=sent_at))
            outcome.replayed.append(row.id)
            if progress:
                progress(done, len(rows))
    finally:
        await producer.stop()
    return outcome
