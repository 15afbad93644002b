"""Checkpoints of the audit chain published outside the database (审计检查点).

Besides the one emitted with every ``CHECKPOINT_EVERY`` entries, each service publishes
its head every few minutes when it moved (:func:`checkpoint_periodically`, a start hook
of the platform's app factory), so a quiet service's last entries are covered too. The
verifier reads them back from Kafka (:func:`read_checkpoints`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from datetime import UTC, datetime

from aiokafka import TopicPartition

from shared.audit.chain import head_of
from shared.contracts.audit import AuditCheckpoint
from shared.db import Database
from shared.messaging.kafka import TopicConfig, ensure_topics, new_consumer

log = logging.getLogger(__name__)
TOPIC = "audit.checkpoint.v1"


async def checkpoint(database: Database, after_seq: int = 0) -> int:
    """Emit a checkpoint of the chain's head if it is past ``after_seq``; the head's seq."""
    if database.audit is None or database.outbox is None:
        return after_seq
    async with database.unit_of_work() as uow:
        head = await head_of(uow.session)
        if head is None or head[0] <= after_seq:
            return after_seq
        uow.emit(AuditCheckpoint(service=database.audit.service, seq=head[0], hash=head[1],
                                 at=datetime.now(UTC)))
        return head[0]


async def checkpoint_periodically(database: Database, seconds: float) -> None:
    """Publish the head every ``seconds`` when it moved (runs until cancelled)."""
    published = 0
    while True:
        try:
            published = await checkpoint(database, published)
        except Exception:
            log.exception("audit checkpoint failed; retrying at the next interval")
        await asyncio.sleep(seconds)


async def read_checkpoints(bootstrap: str, service: str,
                           timeout: float = 10.0) -> list[AuditCheckpoint]:
    """Every checkpoint of ``service`` on the topic, oldest first (read to its end)."""
    await ensure_topics(bootstrap, [TOPIC], TopicConfig.load())
    consumer = new_consumer(bootstrap, f"jianguan.audit-verify.{service}",
                            enable_auto_commit=False)
    await consumer.start()
    try:
        partitions = [TopicPartition(TOPIC, p)
                      for p in (consumer.partitions_for_topic(TOPIC) or {0})]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        found: list[AuditCheckpoint] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            positions = [await consumer.position(tp) for tp in ends]
            if all(at >= end for at, end in zip(positions, ends.values(), strict=True)):
                break
            batch = await consumer.getmany(timeout_ms=500)
            if not batch and any(ends.values()):
                # the embedded broker may report an end past the last record: no record
                # arriving within the wait means the end was reached
                break
            for records in batch.values():
                found.extend(_parsed(r.value, service) for r in records)
        return [c for c in found if c is not None]
    finally:
        await consumer.stop()


def _parsed(value: bytes | None, service: str) -> AuditCheckpoint | None:
    try:
        data = json.loads(value or b"{}").get("data", {})
        checkpoint = AuditCheckpoint.model_validate(data)
    except ValueError:
        return None
    return checkpoint if checkpoint.service == service else None
