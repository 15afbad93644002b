"""Outbox relay (发件箱中继): publishes unpublished outbox rows, in order, with acks=all.

One relay task per service. It publishes in batches (pipelined sends), marks the
rows published and keeps them for ``jianguan outbox replay``. While the broker is
away it retries with exponential backoff; after a broker restart that lost its
topics it creates them again.

While draining a backlog, confirming the batches handed over (acks, restart check,
marking: :class:`~shared.messaging.relay_batches.Confirmer`, in rounds of one
transaction) overlaps reading and sending the next ones: a cursor skips rows already
handed over. When the relay catches up the cursor resets, so a row whose lower id
committed late (possible on PostgreSQL) is still published, only a little later.

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
from sqlalchemy import func, select

from shared.db import Database
from shared.messaging.kafka import TopicConfig, ensure_topics, new_producer
from shared.messaging.outbox import mark_unpublished_since
from shared.messaging.relay_batches import (
    Batch,
    Confirmer,
    broker_state,
    enqueue_rows,
    outcomes,
    send_rows,
)
from shared.platform_tables import outbox

__all__ = ["OutboxRelay", "enqueue_rows", "outcomes", "send_rows"]

log = logging.getLogger(__name__)
_COLUMNS = (outbox.c.id, outbox.c.topic, outbox.c.key, outbox.c.payload, outbox.c.traceparent)
REPUBLISH_WINDOW = timedelta(hours=24)
"""How far back a relay publishes again after a broker loss, unless the service's settings
say otherwise (``JIANGUAN_REPUBLISH_WINDOW_HOURS``): a consumer more than this behind when
the broker was lost needs ``jianguan outbox replay``."""


def _retrieved(future: asyncio.Future) -> None:
    if not future.cancelled():
        future.exception()


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
        self.batches = 0  # reads handed to the producer (each one produce request)
        self.republished = 0  # rows marked to be sent again after a broker loss
        self.broker_restarts = 0
        self._cluster_id = ""  # the broker incarnation our published rows went to
        self._checked_at = 0.0
        self._wake = asyncio.Event()
        self._producer: AIOKafkaProducer | None = None
        self._task: asyncio.Task | None = None
        self._cursor = -1  # highest id handed to the producer while draining
        self._confirmer = Confirmer(database)
        self._topics: set[str] = set()  # the last batch's, asked about early while draining
        self._asked_of: AIOKafkaProducer | None = None

    @property
    def published(self) -> int:
        """Rows marked published (acknowledged by the broker) by this relay."""
        return self._confirmer.published

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
        if self._confirmer.busy:  # let the batches in flight be marked if they can be
            try:
                await asyncio.wait_for(self._confirmer.settle(), timeout)
            except Exception as exc:  # timed out, or failed: those go out again
                log.warning("outbox relay: last batches not confirmed: %r", exc)
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
                await asyncio.gather(self._confirmer.settle(), return_exceptions=True)
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
        background while the next batches are read and sent.
        """
        asked = await self._ask_early()
        rows = await self._read()
        if not rows and self._cursor >= 0:  # caught up: settle, then scan from the start
            await self._confirmer.settle()
            self._cursor = -1
            rows = await self._read()
        if not rows:
            return 0
        if self._confirmer.finished():  # a round ended: raise its error (if any) first
            await self._confirmer.settle()
        producer = await self._started_producer()
        topics = {r.topic for r in rows}
        if asked is not None and topics <= self._topics and producer is self._asked_of:
            before = await asked
        else:
            before = await broker_state(producer.client, topics)
        self._topics = topics
        if await self._broker_restarted(before.cluster_id):
            return await self.publish_pending()  # the window again, from its oldest row
        if topics - before.topics:
            await ensure_topics(self.bootstrap, sorted(topics - before.topics), self.topic_config)
        futures = await enqueue_rows(producer, rows)
        self._confirmer.add(Batch(rows, futures, before.cluster_id, producer))
        self._cursor = rows[-1].id
        self._last_batch = time.monotonic()
        self.batches += 1
        await self._confirmer.room()  # the rounds keep up, or raise their error
        return len(rows)

    async def _ask_early(self) -> asyncio.Future | None:
        """While draining, the broker check of the next batch goes out before its read
        (asking about the last batch's topics): the answer comes while SQLite reads."""
        if self._cursor < 0 or self._producer is None or not self._topics:
            return None
        self._asked_of = self._producer
        asked = asyncio.ensure_future(broker_state(self._producer.client, self._topics))
        asked.add_done_callback(_retrieved)  # unused when the read finds nothing new
        await asyncio.sleep(0)  # sent before the read holds the loop
        return asked

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
        await asyncio.gather(self._confirmer.settle(), return_exceptions=True)  # to the lost one
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
