"""Dead-letter queue (死信队列): ``<topic>.dlq`` with headers naming what failed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer
from aiokafka.structs import ConsumerRecord

from shared.messaging.kafka import DLQ_SUFFIX

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
