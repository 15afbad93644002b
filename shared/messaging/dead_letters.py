"""Dead letters (死信): kept in the consuming service's own database, and copied to
``<topic>.dlq`` with headers naming what failed.

The database row is what ``jianguan dlq`` lists and replays: the memory-only embedded
broker forgets its ``.dlq`` topics when it restarts, the database does not. A message too
large for the DLQ topic (the client sends at most 1 MiB) is kept in the row only, its body
cut to :data:`KEPT_WHEN_TRUNCATED` bytes beside its size and SHA-256, so that it can never
hold its partition up.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer
from aiokafka.errors import MessageSizeTooLargeError
from aiokafka.structs import ConsumerRecord
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from shared.messaging.kafka import DLQ_SUFFIX
from shared.platform_tables import dead_letters

log = logging.getLogger(__name__)
FITS_DLQ_TOPIC = 900_000
"""Bytes of key, value and headers a DLQ topic copy may have (the client's request limit is
1 MiB, with the batch's own overhead on top)."""
KEPT_WHEN_TRUNCATED = 64 * 1024
"""Bytes of a too-large message's body kept in its row (its size and hash say the rest)."""

H_TOPIC = "dlq.original.topic"
H_PARTITION = "dlq.original.partition"
H_OFFSET = "dlq.original.offset"
H_ERROR = "dlq.error"
H_ATTEMPTS = "dlq.attempts"
H_CONSUMER = "dlq.consumer"
H_FAILED_AT = "dlq.failed_at"
DLQ_HEADERS = {H_TOPIC, H_PARTITION, H_OFFSET, H_ERROR, H_ATTEMPTS, H_CONSUMER, H_FAILED_AT}


@dataclass(frozen=True)
class DeadLetter:
    """A message on a DLQ topic, read back for ``jianguan dlq``."""

    dlq_topic: str
    dlq_offset: int
    original_topic: str
    original_partition: int
    original_offset: int
    error: str
    attempts: int
    consumer: str
    failed_at: str
    key: bytes | None
    value: bytes | None
    headers: list[tuple[str, bytes]]

    @classmethod
    def from_record(cls, record: ConsumerRecord) -> DeadLetter:
        h = {k: v.decode(errors="replace") for k, v in record.headers}
        return cls(
            dlq_topic=record.topic,
            dlq_offset=record.offset,
            original_topic=h.get(H_TOPIC, record.topic.removesuffix(DLQ_SUFFIX)),
            original_partition=int(h.get(H_PARTITION, -1)),
            original_offset=int(h.get(H_OFFSET, -1)),
            error=h.get(H_ERROR, ""),
            attempts=int(h.get(H_ATTEMPTS, 0)),
            consumer=h.get(H_CONSUMER, ""),
            failed_at=h.get(H_FAILED_AT, ""),
            key=record.key,
            value=record.value,
            headers=[(k, v) for k, v in record.headers if k not in DLQ_HEADERS],
        )


def record_size(record: ConsumerRecord) -> int:
    """Bytes of ``record``'s key, value and headers."""
    return (len(record.key or b"") + len(record.value or b"")
            + sum(len(k) + len(v or b"") for k, v in record.headers or ()))


def fits_dlq_topic(record: ConsumerRecord) -> bool:
    return record_size(record) + 4096 <= FITS_DLQ_TOPIC  # the DLQ headers, generously


def fingerprint(record: ConsumerRecord) -> str:
    """The same message failing again (a replay, a re-read after a broker loss) keeps its
    row: topic, key and value, hashed."""
    digest = hashlib.sha256(record.topic.encode() + b"\0")
    digest.update(record.key or b"")
    digest.update(b"\0")
    digest.update(record.value or b"")
    return digest.hexdigest()


def encode_headers(headers) -> str:  # type: ignore[no-untyped-def]
    return json.dumps([[k, base64.b64encode(v or b"").decode()] for k, v in headers or ()])


def decode_headers(stored: str) -> list[tuple[str, bytes]]:
    return [(k, base64.b64decode(v)) for k, v in json.loads(stored or "[]")]


async def keep_dead_letter(
    session: AsyncSession, record: ConsumerRecord, *, consumer: str, error: str, attempts: int,
    event_id: str | None = None, event_type: str | None = None,
) -> None:
    """Store ``record`` as a dead letter of ``consumer`` in the open transaction; the same
    message failing again updates its row (last failure, count, error)."""
    value = record.value
    truncated = value is not None and not fits_dlq_topic(record)
    now = datetime.now(UTC)
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    headers = [(k, v) for k, v in (record.headers or ()) if k not in DLQ_HEADERS]
    row = {
        "consumer": consumer, "fingerprint": fingerprint(record), "topic": record.topic,
        "partition": record.partition, "offset": record.offset, "event_id": event_id,
        "event_type": event_type, "key": record.key,
        "value": value[:KEPT_WHEN_TRUNCATED] if truncated and value else value,
        "value_size": len(value or b""),
        "value_sha256": hashlib.sha256(value or b"").hexdigest(), "truncated": truncated,
        "headers": encode_headers(headers), "error": error[:4000], "attempts": attempts,
        "failures": 1, "first_failed_at": now, "last_failed_at": now, "replays": 0,
    }
    stmt = insert(dead_letters).values(**row)
    stmt = stmt.on_conflict_do_update(
        index_elements=["consumer", "fingerprint"],
        set_={"failures": dead_letters.c.failures + 1, "last_failed_at": now,
              "error": row["error"], "attempts": attempts, "partition": record.partition,
              "offset": record.offset})
    await session.execute(stmt)


async def send_to_dlq(
    producer: AIOKafkaProducer, record: ConsumerRecord, *, error: str, attempts: int, consumer: str
) -> None:
    """Publish ``record`` to its DLQ topic and wait for the broker's acknowledgement."""
    headers = [(k, v) for k, v in (record.headers or ()) if k not in DLQ_HEADERS]
    headers += [
        (H_TOPIC, record.topic.encode()),
        (H_PARTITION, str(record.partition).encode()),
        (H_OFFSET, str(record.offset).encode()),
        (H_ERROR, error[:2000].encode()),
        (H_ATTEMPTS, str(attempts).encode()),
        (H_CONSUMER, consumer.encode()),
        (H_FAILED_AT, datetime.now(UTC).isoformat().encode()),
    ]
    await producer.send_and_wait(
        record.topic + DLQ_SUFFIX, value=record.value, key=record.key, headers=headers
    )


async def dead_letter(producer: AIOKafkaProducer, session: AsyncSession, record: ConsumerRecord,
                      *, consumer: str, error: str, attempts: int, event_id: str | None = None,
                      event_type: str | None = None) -> None:
    """Keep ``record`` as a dead letter in ``session``'s transaction and copy it to
    ``<topic>.dlq`` when the topic can take it: one too large is only kept, truncated,
    and never holds its partition up."""
    await keep_dead_letter(session, record, consumer=consumer, error=error, attempts=attempts,
                           event_id=event_id, event_type=event_type)
    copied = fits_dlq_topic(record)
    if copied:
        try:
            await send_to_dlq(producer, record, error=error, attempts=attempts,
                              consumer=consumer)
        except MessageSizeTooLargeError:
            copied = False
    log.error(
        "dead letter kept%s", f" and sent to {record.topic}.dlq" if copied else
        " (too large for the DLQ topic: truncated in the database only)",
        extra={"topic": record.topic, "partition": record.partition, "offset": record.offset,
               "error": error, "bytes": len(record.value or b"")},
    )
