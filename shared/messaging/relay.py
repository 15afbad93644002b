"""Outbox relay (发件箱中继): publishes unpublished outbox rows, in order, with acks=all.

One relay task per service. It publishes in batches (pipelined sends), marks the
rows published and keeps them for ``jianguan outbox replay``. While the broker is
away it retries with exponential backoff; after a broker restart that lost its
topics it creates them again.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer
from sqlalchemy import func, select, update

from shared.db import Database
from shared.messaging.kafka import TopicConfig, broker_state, ensure_topics, new_producer
from shared.platform_tables import outbox

log = logging.getLogger(__name__)


async def send_rows(producer: AIOKafkaProducer, rows) -> list[object]:  # type: ignore[no-untyped-def]
    """Send outbox rows (pipelined); returns, per row, ``None`` or the error."""
    futures = []
    for row in rows:
        headers = [("content-type", b"application/cloudevents+json; charset=UTF-8")]
        if row.traceparent:
            headers.append(("traceparent", row.traceparent.encode()))
        futures.append(
            await producer.send(
                row.topic,
                value=row.payload.encode(),
                key=row.key.encode() if row.key else None,
                headers=headers,
            )
        )
    results = await asyncio.gather(*futures, return_exceptions=True)
    return [r if isinstance(r, BaseException) else None for r in results]


class OutboxRelay:
    def __init__(
        self,
        database: Database,
        bootstrap: str,
        *,
        batch_size: int = 500,
        poll_interval: float = 0.2,
        topic_config: TopicConfig | None = None,
    ) -> None:
        self.database = database
        self.bootstrap = bootstrap
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.topic_config = topic_config
        self.published = 0
        self._wake = asyncio.Event()
        self._producer: AIOKafkaProducer | None = None
        self._task: asyncio.Task | None = None

    def wake(self) -> None:
        """Called after a commit that added outbox rows: publish now, not at the next poll."""
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="outbox-relay")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        await self._close_producer()

    async def backlog(self) -> int:
        async with self.database.reader() as session:
            q = select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
            return int((await session.execute(q)).scalar_one())

    async def _close_producer(self) -> None:
        if self._producer is not None:
            producer, self._producer = self._producer, None
            await asyncio.gather(producer.stop(), return_exceptions=True)

    async def _run(self) -> None:
        delay = 0.2
        while True:
            try:
                sent = await self.publish_pending()
                delay = 0.2
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # broker away, DB busy: back off and try again
                log.warning("outbox relay: %s; retrying in %.1fs", exc, delay)
                await self._close_producer()
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            if sent < self.batch_size:
                try:
                    await asyncio.wait_for(self._wake.wait(), self.poll_interval)
                except TimeoutError:
                    pass
                self._wake.clear()

    async def publish_pending(self) -> int:
        """Publish one batch of pending rows; returns how many were published."""
        async with self.database.reader() as session:
            rows = (
                await session.execute(
                    select(
                        outbox.c.id,
                        outbox.c.topic,
                        outbox.c.key,
                        outbox.c.payload,
                        outbox.c.traceparent,
                    )
                    .where(outbox.c.published_at.is_(None))
                    .order_by(outbox.c.id)
                    .limit(self.batch_size)
                )
            ).all()
        if not rows:
            return 0
        if self._producer is None:
            producer = new_producer(self.bootstrap)
            await producer.start()
            self._producer = producer
        topics = {r.topic for r in rows}
        before = await broker_state(self._producer.client)
        if topics - before.topics:
            await ensure_topics(self.bootstrap, sorted(topics - before.topics), self.topic_config)
        errors = await send_rows(self._producer, rows)
        # A restarted memory-only broker acknowledges retried sends to topics it
        # forgot: if it restarted meanwhile, the whole batch counts as unsent.
        after = await broker_state(self._producer.client)
        if after.cluster_id != before.cluster_id or topics - after.topics:
            raise RuntimeError("the broker restarted while publishing; sending the batch again")
        failed_keys = set()
        done = []
        for row, error in zip(rows, errors, strict=True):
            if error is None and row.key not in failed_keys:
                done.append(row.id)
            elif error is not None:
                failed_keys.add(row.key)
        await self._mark(done, rows, errors)
        self.published += len(done)
        if len(done) < len(rows):
            first = next(e for e in errors if e is not None)
            await ensure_topics(self.bootstrap, sorted({r.topic for r in rows}), self.topic_config)
            raise RuntimeError(
                f"{len(rows) - len(done)} of {len(rows)} events not acknowledged: "
                f"{type(first).__name__}: {first}"
            )
        return len(done)

    async def _mark(self, done: list[int], rows, errors) -> None:  # type: ignore[no-untyped-def]
        now = datetime.now(UTC)
        async with self.database.unit_of_work() as uow:
            for start in range(0, len(done), 500):
                chunk = done[start : start + 500]
                await uow.session.execute(
                    update(outbox)
                    .where(outbox.c.id.in_(chunk))
                    .values(published_at=now, attempts=outbox.c.attempts + 1)
                )
            failed = [(r.id, str(e)[:500]) for r, e in zip(rows, errors, strict=True) if e]
            for row_id, error in failed[:50]:
                await uow.session.execute(
                    update(outbox)
                    .where(outbox.c.id == row_id)
                    .values(attempts=outbox.c.attempts + 1, last_error=error)
                )
