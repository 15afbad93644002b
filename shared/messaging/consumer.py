"""Consumer runner (消费者): a service declares handlers; this does the Kafka part.

Per partition batch: one transaction; each message in a SAVEPOINT with its inbox
mark, so a failing message rolls back alone. A handler failure is retried
``max_attempts`` times, then the message becomes a dead letter and the partition
moves on; a message that is not a valid envelope is one at once. A dead letter is kept
in the service's database in the batch's transaction (``jianguan dlq`` reads it there)
and copied to ``<topic>.dlq`` when it fits the topic. The offset is committed only
after the DB commit, and only for partitions still owned.

The lag is measured against the partitions' real ends (:mod:`shared.messaging.lag`)
from what was processed; a consumer with messages waiting that has not processed any
for a while is reported as stalled (``consumer_stalled_seconds``).
"""

from __future__ import annotations

import asyncio
import logging
import time

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.errors import CommitFailedError
from aiokafka.structs import ConsumerRecord, OffsetAndMetadata

from shared.contracts import Envelope, InvalidEnvelope
from shared.db import Database, UnitOfWork
from shared.messaging.dead_letters import dead_letter
from shared.messaging.inbox import first_deliveries, first_delivery
from shared.messaging.kafka import (
    TopicConfig,
    broker_state,
    ensure_topics,
    new_consumer,
    new_producer,
)
from shared.messaging.lag import PartitionEnds
from shared.messaging.subscriptions import Handler, Subscriptions
from shared.observability import continued_trace

log = logging.getLogger(__name__)


class _HandlerFailed(Exception):
    """A handler raised on the fast path: roll back and take the slow path."""


class ConsumerRunner:
    def __init__(
        self,
        subscriptions: Subscriptions,
        database: Database,
        bootstrap: str,
        *,
        max_attempts: int = 3,
        retry_delay: float = 0.05,
        commit_timeout: float = 5.0,
        topic_config: TopicConfig | None = None,
        consumer_options: dict | None = None,
    ) -> None:
        self.subs = subscriptions
        self.database = database
        self.bootstrap = bootstrap
        self.max_attempts = max_attempts
        self.retry_delay = retry_delay
        self.commit_timeout = commit_timeout
        self.topic_config = topic_config
        self.consumer_options = consumer_options or {}
        self.processed = 0
        self.dead_lettered = 0
        self.broker_restarts = 0  # a new broker incarnation seen (the embedded one restarted)
        self.failures = 0  # reconnections after an error
        self.measured_lag = 0
        self._consumer: AIOKafkaConsumer | None = None
        self._producer: AIOKafkaProducer | None = None
        self._task: asyncio.Task | None = None
        self._positions: dict[TopicPartition, int] = {}  # processed up to, per partition
        self._started_at: dict[TopicPartition, int] = {}  # committed when first measured
        self._ends = PartitionEnds(bootstrap)
        self._advanced_at = time.monotonic()
        self._cluster_id = ""
        self._stopping = False

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name=f"consumer-{self.subs.group}")

    async def stop(self, timeout: float = 3.0) -> None:
        """Stop consuming; never takes much longer than ``timeout`` seconds.

        The flag, not only the cancellation, ends the loop: a client library that
        swallows the cancellation must not let the loop reconnect once the clients are
        closed (a consumer of a stopped app would go on taking its group's messages).
        """
        self._stopping = True
        if self._task:
            self._task.cancel()
            await asyncio.wait([self._task], timeout=timeout)
        await self._close(timeout)

    def lag(self) -> int:
        """The lag as last measured (:meth:`measure_lag`)."""
        return self.measured_lag

    async def measure_lag(self) -> int:
        """Messages not yet processed on the partitions this instance owns: each
        partition's real end (read, not assumed) less what was processed (for a partition
        not processed yet, the group's committed offset)."""
        consumer = self._consumer
        if consumer is None:
            return self.measured_lag
        partitions = sorted(consumer.assignment())
        ends = await self._ends.ends(partitions)
        total = 0
        for tp in partitions:
            done = self._positions.get(tp)
            if done is None:
                done = self._started_at.get(tp)
            if done is None:
                done = self._started_at[tp] = (await consumer.committed(tp)) or 0
            total += max(0, ends.get(tp, 0) - done)
        if total == 0:
            self._advanced_at = time.monotonic()
        self.measured_lag = total
        return total

    def stalled_seconds(self) -> float:
        """How long messages have waited with none processed (0 when caught up)."""
        if self.measured_lag == 0:
            return 0.0
        return time.monotonic() - self._advanced_at

    async def _close(self, timeout: float = 3.0) -> None:
        clients = [c for c in (self._consumer, self._producer) if c is not None]
        self._consumer = self._producer = None
        if clients:
            stopping = [asyncio.ensure_future(c.stop()) for c in clients]
            stopping.append(asyncio.ensure_future(self._ends.close()))
            _, late = await asyncio.wait(stopping, timeout=timeout)
            for task in late:
                task.cancel()
                log.warning(
                    "consumer %s: a Kafka client did not stop in %.0fs", self.subs.group, timeout
                )

    async def _connect(self) -> None:
        topics = self.subs.topics
        await ensure_topics(
            self.bootstrap, topics + [t + ".dlq" for t in topics], self.topic_config
        )
        self._producer = new_producer(self.bootstrap)
        await self._producer.start()
        self._consumer = new_consumer(
            self.bootstrap, self.subs.group, *topics, **self.consumer_options
        )
        await self._consumer.start()
        cluster_id = (await broker_state(self._producer.client)).cluster_id
        if self._cluster_id and cluster_id != self._cluster_id:
            self.broker_restarts += 1
            log.warning("consumer %s: the broker restarted (cluster id %s, was %s); reading "
                        "from its earliest offsets", self.subs.group, cluster_id,
                        self._cluster_id)
        self._cluster_id = cluster_id
        self._positions.clear()  # offsets of another incarnation, or of another owner
        self._started_at.clear()

    async def _run(self) -> None:
        delay = 0.2
        while not self._stopping:
            try:
                if self._consumer is None:
                    await self._connect()
                await self._poll_once()
                delay = 0.2
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                self.failures += 1
                log.warning("consumer %s: %s; retrying in %.1fs", self.subs.group, exc, delay)
                await self._close()
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
        await self._close()  # stopped while it was still connecting

    async def _poll_once(self) -> None:
        assert self._consumer is not None
        batches = await self._consumer.getmany(timeout_ms=500, max_records=1000)
        for tp, records in batches.items():
            if tp in self._consumer.assignment():
                await self._process_partition(tp, records)

    async def _process_partition(self, tp: TopicPartition, records: list[ConsumerRecord]) -> None:
        consumer = self._consumer
        assert consumer is not None
        try:
            if not await self._fast_path(records):
                async with self.database.unit_of_work() as uow:
                    for record in records:
                        await self._process_record(uow, record)
        except Exception:
            consumer.seek(tp, records[0].offset)  # nothing of this batch counted
            raise
        self.processed += len(records)
        self._positions[tp] = records[-1].offset + 1
        self._advanced_at = time.monotonic()
        await self._commit(tp, records[-1].offset + 1)

    async def _fast_path(self, records: list[ConsumerRecord]) -> bool:
        """The whole batch in one transaction with one inbox statement, no savepoints.

        Returns False, having rolled back, when anything in the batch is not plain
        sailing (a bad envelope, a failing handler): the slow path then takes the
        batch message by message, with retries and the DLQ.
        """
        parsed = []
        for record in records:
            try:
                parsed.append((record, Envelope.from_json(record.value)))
            except InvalidEnvelope:
                return False
        if any(e.name not in self.subs.handlers for _, e in parsed):
            return False  # an event type this consumer does not know: a dead letter
        ours = parsed
        try:
            async with self.database.unit_of_work() as uow:
                fresh = await first_deliveries(uow.session, self.subs.group, [e for _, e in ours])
                if self.subs.read_ahead is not None:
                    await self._read_ahead(uow, [e for _, e in ours if e.id in fresh])
                for record, event in ours:
                    if event.id in fresh:
                        await self._handle(uow, self.subs.handlers[event.name], record, event)
                        fresh.discard(event.id)  # the same id twice in one batch: once
        except _HandlerFailed:
            return False
        return True

    async def _read_ahead(self, uow: UnitOfWork, envelopes: list[Envelope]) -> None:
        assert self.subs.read_ahead is not None
        try:
            await self.subs.read_ahead(uow, envelopes)
        except Exception as exc:  # the batch goes message by message, without it
            raise _HandlerFailed from exc

    async def _handle(
        self, uow: UnitOfWork, handler: Handler, record: ConsumerRecord, event: Envelope
    ) -> None:
        with continued_trace(_traceparent(record)):
            try:
                await handler(uow, event)
            except Exception as exc:
                raise _HandlerFailed from exc

    async def _commit(self, tp: TopicPartition, offset: int) -> None:
        consumer = self._consumer
        assert consumer is not None
        # asked on the producer's connection: the consumer's waits behind a fetch long-poll
        state = await broker_state(self._producer.client)
        if state.cluster_id != self._cluster_id:
            # the memory-only broker restarted: its offsets mean nothing now; start over
            # from its earliest offsets (the inbox makes the re-read harmless)
            raise RuntimeError("the broker restarted; reconnecting the consumer")
        if tp not in consumer.assignment():
            return  # revoked while we worked: the next owner re-reads, the inbox dedupes
        try:
            await asyncio.wait_for(
                consumer.commit({tp: OffsetAndMetadata(offset, "")}), self.commit_timeout
            )
        except CommitFailedError as exc:
            log.info("offset commit skipped after rebalance: %s", exc)
        except TimeoutError as exc:
            # e.g. a restarted broker that forgot the group: reconnect; the inbox dedupes
            raise RuntimeError(f"offset commit on {tp.topic}[{tp.partition}] timed out") from exc

    async def _process_record(self, uow: UnitOfWork, record: ConsumerRecord) -> None:
        try:
            event = Envelope.from_json(record.value)
        except InvalidEnvelope as exc:
            await self._dead_letter(uow, record, f"invalid envelope: {exc}", 0)
            return
        handler = self.subs.handlers.get(event.name)
        if handler is None:  # each topic carries one event type, named as the topic
            await self._dead_letter(uow, record, f"unknown event type {event.type!r} on "
                                    f"topic {record.topic}", 0, event)
            return
        with continued_trace(_traceparent(record)):
            error = await self._attempt(uow, handler, event)
        if error is not None:
            await self._dead_letter(uow, record, f"{type(error).__name__}: {error}",
                                    self.max_attempts, event)

    async def _attempt(
        self, uow: UnitOfWork, handler: Handler, event: Envelope
    ) -> Exception | None:
        error: Exception | None = None
        for attempt in range(1, self.max_attempts + 1):
            try:
                async with uow.savepoint():
                    if await first_delivery(uow.session, self.subs.group, event):
                        await handler(uow, event)
                return None
            except Exception as exc:  # a handler bug or bad data: retry, then DLQ
                error = exc
                log.warning(
                    "handler for %s failed (attempt %d/%d): %s",
                    event.name,
                    attempt,
                    self.max_attempts,
                    exc,
                )
                uow.session.expunge_all()
                if attempt < self.max_attempts:
                    await asyncio.sleep(self.retry_delay * attempt)
        return error

    async def _dead_letter(self, uow: UnitOfWork, record: ConsumerRecord, error: str,
                           attempts: int, event: Envelope | None = None) -> None:
        assert self._producer is not None
        await dead_letter(self._producer, uow.session, record, consumer=self.subs.group,
                          error=error, attempts=attempts, event_id=event.id if event else None,
                          event_type=event.type if event else None)
        self.dead_lettered += 1


def _traceparent(record: ConsumerRecord) -> str:
    """The W3C traceparent the producer put in the message's headers ("" if none)."""
    return dict(record.headers or ()).get("traceparent", b"").decode(errors="replace")
