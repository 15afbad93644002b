"""Outbox relay (发件箱中继): publishes unpublished outbox rows, in order, with acks=all.

One relay task per service. It publishes in batches (pipelined sends), marks the
rows published and keeps them for ``jianguan outbox replay``. While the broker is
away it retries with exponential backoff; after a broker restart that lost its
topics it creates them again.

While draining a backlog, confirming batch N (acks, restart check, marking)
overlaps reading and sending batch N+1: a cursor skips rows already handed over.
When the relay catches up the cursor resets, so a row whose lower id committed
late (possible on PostgreSQL) is still published, only a little later.

Under load it publishes in batches, not one per commit. A commit wakes the relay; if
the previous batch went out less than ``linger`` (20 ms) before, the relay first waits
for the rest of that moment, so the commits of the moment share one read, one
broker check, one produce request and one marking transaction. An event after a quiet
moment (the previous batch more than ``linger`` ago) is read and sent at once.

Recovery after a broker loss needs no operator. The relay remembers the broker's
cluster id (the embedded broker gets a new one at every start) and asks for it at
least every second, idle or not. When it changes, the messages published to the lost
broker may never have reached every consumer, so the relay marks its rows of the
safe window (those published in the last ``JIANGUAN_REPUBLISH_WINDOW_HOURS``, 24 by
default) unpublished and sends them again, oldest first, before anything newer; the
consumers' inboxes drop what they had already processed.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime, timedelta

from aiokafka import AIOKafkaProducer
from sqlalchemy import func, select, update

from shared.db import Database
from shared.messaging.kafka import TopicConfig, broker_state, ensure_topics, new_producer
from shared.messaging.outbox import mark_unpublished_since
from shared.platform_tables import outbox

log = logging.getLogger(__name__)
_COLUMNS = (outbox.c.id, outbox.c.topic, outbox.c.key, outbox.c.payload, outbox.c.traceparent)
REPUBLISH_WINDOW = timedelta(hours=24)
"""How far back a relay publishes again after a broker loss, unless the service's settings
say otherwise (``JIANGUAN_REPUBLISH_WINDOW_HOURS``): a consumer more than this behind when
the broker was lost needs ``jianguan outbox replay``."""


async def enqueue_rows(producer: AIOKafkaProducer, rows) -> list[asyncio.Future]:  # type: ignore[no-untyped-def]
    """Hand outbox rows to the producer (pipelined); returns one future per row."""
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
    return futures


async def outcomes(
    producer: AIOKafkaProducer, futures: list[asyncio.Future]
) -> list[BaseException | None]:
    """Wait for every acknowledgement; per row ``None`` or the error.

    ``flush`` waits on the few batch futures instead of a callback per message.
    """
    await producer.flush()
    pending = [f for f in futures if not f.done()]
    if pending:
        await asyncio.wait(pending)
    return [asyncio.CancelledError() if f.cancelled() else f.exception() for f in futures]


async def send_rows(producer: AIOKafkaProducer, rows) -> list[BaseException | None]:  # type: ignore[no-untyped-def]
    """Send outbox rows and wait for the broker; per row ``None`` or the error."""
    return await outcomes(producer, await enqueue_rows(producer, rows))


class OutboxRelay:
    def __init__(
        self,
        database: Database,
        bootstrap: str,
        *,
        batch_size: int = 500,
        poll_interval: float = 0.2,
        topic_config: TopicConfig | None = None,
        republish: timedelta | None = None,
        broker_check_interval: float = 1.0,
        linger: float = 0.02,
    ) -> None:
        self.database = database
        self.bootstrap = bootstrap
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.topic_config = topic_config
        self.republish_window = republish if republish is not None else REPUBLISH_WINDOW
        self.broker_check_interval = broker_check_interval
        self.linger = linger
        self._last_batch = -linger  # monotonic time the last batch was handed over
        self.published = 0
        self.batches = 0  # reads handed to the producer (each one produce request)
        self.republished = 0  # rows marked to be sent again after a broker loss
        self.broker_restarts = 0
        self._cluster_id = ""  # the broker incarnation our published rows went to
        self._checked_at = 0.0
        self._wake = asyncio.Event()
        self._producer: AIOKafkaProducer | None = None
        self._task: asyncio.Task | None = None
        self._cursor = -1  # highest id handed to the producer while draining
        self._marking: asyncio.Task | None = None

    def wake(self) -> None:
        """Called after a commit that added outbox rows: publish now, not at the next poll."""
        self._wake.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="outbox-relay")

    async def stop(self, timeout: float = 3.0) -> None:
        """Stop publishing; never takes much longer than ``timeout`` seconds."""
        if self._task:
            self._task.cancel()
            await asyncio.wait([self._task], timeout=timeout)
        marking, self._marking = self._marking, None
        if marking is not None:  # let the batch in flight be marked if it can be
            done, _ = await asyncio.wait([marking], timeout=timeout)
            if done and not marking.cancelled() and marking.exception():
                log.warning("outbox relay: last batch not confirmed: %s", marking.exception())
            elif not done:
                marking.cancel()
        await self._close_producer(timeout)

    async def backlog(self) -> int:
        async with self.database.reader() as session:
            q = select(func.count()).select_from(outbox).where(outbox.c.published_at.is_(None))
            return int((await session.execute(q)).scalar_one())

    async def _close_producer(self, timeout: float = 3.0) -> None:
        if self._producer is not None:
            producer, self._producer = self._producer, None
            stopping = asyncio.ensure_future(producer.stop())
            done, _ = await asyncio.wait([stopping], timeout=timeout)
            if not done:
                stopping.cancel()
                log.warning("outbox relay: the producer did not stop in %.0fs", timeout)

    async def _run(self) -> None:
        delay = 0.2
        while True:
            try:
                sent = await self.publish_pending()
                if not sent and time.monotonic() - self._checked_at >= self.broker_check_interval:
                    await self.watch_broker()
                delay = 0.2
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # broker away, DB busy: back off and try again
                log.warning("outbox relay: %s; retrying in %.1fs", exc, delay)
                self._cursor = -1
                await asyncio.gather(self._settle(), return_exceptions=True)
                await self._close_producer()
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            if sent < self.batch_size:
                try:
                    await asyncio.wait_for(self._wake.wait(), self.poll_interval)
                except TimeoutError:
                    pass
                else:
                    await self._coalesce()
                self._wake.clear()

    async def _coalesce(self) -> None:
        """After a wake: if a batch went out less than ``linger`` ago, the service is busy;
        wait for the rest of that moment so the commits meanwhile go out together."""
        pause = self._last_batch + self.linger - time.monotonic()
        if pause > 0:
            await asyncio.sleep(pause)

    async def _read(self):  # type: ignore[no-untyped-def]
        async with self.database.reader() as session:
            query = (
                select(*_COLUMNS)
                .where(outbox.c.published_at.is_(None), outbox.c.id > self._cursor)
                .order_by(outbox.c.id)
                .limit(self.batch_size)
            )
            return (await session.execute(query)).all()

    async def publish_pending(self) -> int:
        """Hand one batch of pending rows to the broker; returns how many.

        The batch's acknowledgements are awaited (and the rows marked) in the
        background while the next batch is read and sent; at most one batch waits.
        """
        rows = await self._read()
        if not rows and self._cursor >= 0:  # caught up: settle, then scan from the start
            await self._settle()
            self._cursor = -1
            rows = await self._read()
        if not rows:
            return 0
        producer = await self._started_producer()
        topics = {r.topic for r in rows}
        before = await broker_state(producer.client, topics)
        if await self._broker_restarted(before.cluster_id):
            return await self.publish_pending()  # the window again, from its oldest row
        if topics - before.topics:
            await ensure_topics(self.bootstrap, sorted(topics - before.topics), self.topic_config)
        futures = await enqueue_rows(self._producer, rows)
        await self._settle()  # the previous batch: acknowledged and marked, or raise
        self._marking = asyncio.create_task(self._confirm(rows, futures, before.cluster_id))
        self._cursor = rows[-1].id
        self._last_batch = time.monotonic()
        self.batches += 1
        return len(rows)

    async def _started_producer(self) -> AIOKafkaProducer:
        if self._producer is None:
            producer = new_producer(self.bootstrap)
            await producer.start()
            self._producer = producer
        return self._producer

    async def watch_broker(self) -> None:
        """Ask which broker incarnation answers (the relay does every second when idle)."""
        producer = await self._started_producer()
        if await self._broker_restarted((await broker_state(producer.client)).cluster_id):
            self.wake()

    async def _broker_restarted(self, cluster_id: str) -> bool:
        """Whether ``cluster_id`` is a new incarnation; if so, the window is marked to be
        published again (the incarnation is adopted only once that is done)."""
        self._checked_at = time.monotonic()
        if not self._cluster_id or cluster_id == self._cluster_id:
            self._cluster_id = cluster_id
            return False
        await asyncio.gather(self._settle(), return_exceptions=True)  # sent to the lost one
        since = datetime.now(UTC) - self.republish_window
        marked = await self.mark_unpublished_since(since)
        log.warning("outbox relay: the broker restarted (cluster id %s, was %s); publishing "
                    "again the %d events published since %s", cluster_id, self._cluster_id,
                    marked, since.isoformat(timespec="seconds"))
        self._cluster_id, self._cursor = cluster_id, -1
        self.broker_restarts += 1
        return True

    async def mark_unpublished_since(self, since: datetime) -> int:
        """Mark the rows published at or after ``since`` unpublished; returns how many."""
        marked = await mark_unpublished_since(self.database, since)
        self.republished += marked
        return marked

    async def _confirm(self, rows, futures, cluster_id: str) -> None:  # type: ignore[no-untyped-def]
        assert self._producer is not None
        errors = await outcomes(self._producer, futures)
        # A restarted memory-only broker acknowledges retried sends to topics it
        # forgot: if it restarted meanwhile, the whole batch counts as unsent.
        topics = {r.topic for r in rows}
        after = await broker_state(self._producer.client, topics)
        if after.cluster_id != cluster_id or topics - after.topics:
            raise RuntimeError("the broker restarted while publishing; sending the batch again")
        done, failed_keys = [], set()
        for row, error in zip(rows, errors, strict=True):
            if error is None and row.key not in failed_keys:
                done.append(row.id)
            elif error is not None:
                failed_keys.add(row.key)
        failures = [(r.id, str(e)[:500]) for r, e in zip(rows, errors, strict=True) if e]
        await self._mark(done, failures)
        if failures:
            first = next(e for e in errors if e is not None)
            raise RuntimeError(
                f"{len(rows) - len(done)} of {len(rows)} events not acknowledged: "
                f"{type(first).__name__}: {first}"
            )

    async def _settle(self) -> None:
        """Wait for the batch in flight to be confirmed (and surface its error)."""
        marking, self._marking = self._marking, None
        if marking is not None:
            await marking

    async def _mark(self, done: list[int], failures: list[tuple[int, str]]) -> None:
        now = datetime.now(UTC)
        published = {"published_at": now}  # attempts counts failed sends
        async with self.database.unit_of_work() as uow:
            if self.database.sqlite and done and not failures:
                # SQLite writers hold the lock from BEGIN IMMEDIATE, so no lower id can
                # commit after a higher one: the id range is exactly the rows we sent.
                await uow.session.execute(
                    update(outbox)
                    .where(outbox.c.id.between(done[0], done[-1]), outbox.c.published_at.is_(None))
                    .values(**published)
                )
            else:
                for start in range(0, len(done), 500):
                    chunk = done[start : start + 500]
                    await uow.session.execute(
                        update(outbox).where(outbox.c.id.in_(chunk)).values(**published)
                    )
            for row_id, error in failures[:50]:
                await uow.session.execute(
                    update(outbox)
                    .where(outbox.c.id == row_id)
                    .values(attempts=outbox.c.attempts + 1, last_error=error)
                )
        self.published += len(done)
