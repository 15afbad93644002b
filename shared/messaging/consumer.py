"""Consumer runner (消费者): a service declares handlers; this does the Kafka part.

Per partition batch: one transaction; each message in a SAVEPOINT with its inbox
mark, so a failing message rolls back alone. A handler failure is retried
``max_attempts`` times, then the message goes to ``<topic>.dlq`` and the partition
moves on; a message that is not a valid envelope goes to the DLQ at once. The
offset is committed only after the DB commit, and only for partitions still owned.
"""

from __future__ import annotations

import asyncio
import logging

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.errors import CommitFailedError
from aiokafka.structs import ConsumerRecord, OffsetAndMetadata

from shared.contracts import Envelope, InvalidEnvelope
from shared.db import Database, UnitOfWork
from shared.messaging.dead_letters import send_to_dlq
from shared.messaging.inbox import first_deliveries, first_delivery
from shared.messaging.kafka import (
    TopicConfig,
    broker_state,
    ensure_topics,
    new_consumer,
    new_producer,
)
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
        self._consumer: AIOKafkaConsumer | None = None
        self._producer: AIOKafkaProducer | None = None
        self._task: asyncio.Task | None = None
        self._positions: dict[TopicPartition, int] = {}
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
        """Messages not yet consumed on the partitions this instance owns."""
        consumer = self._consumer
        if consumer is None:
            return 0
        total = 0
        for tp in consumer.assignment():
            high = consumer.highwater(tp)
            done = self._positions.get(tp)
            if high is not None and done is not None:
                total += max(0, high - done)
        return total

    async def _close(self, timeout: float = 3.0) -> None:
        clients = [c for c in (self._consumer, self._producer) if c is not None]
        self._consumer = self._producer = None
        if clients:
            stopping = [asyncio.ensure_future(c.stop()) for c in clients]
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
        self._cluster_id = (await broker_state(self._producer.client)).cluster_id

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
        ours = [(r, e) for r, e in parsed if e.name in self.subs.handlers]
        try:
            async with self.database.unit_of_work() as uow:
                fresh = await first_deliveries(uow.session, self.subs.group, [e for _, e in ours])
                for record, event in ours:
                    if event.id in fresh:
                        await self._handle(uow, self.subs.handlers[event.name], record, event)
                        fresh.discard(event.id)  # the same id twice in one batch: once
        except _HandlerFailed:
            return False
        return True

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
            await self._dead_letter(record, f"invalid envelope: {exc}", 0)
            return
        handler = self.subs.handlers.get(event.name)
        if handler is None:
            return  # another type on a topic we read: not ours
        with continued_trace(_traceparent(record)):
            error = await self._attempt(uow, handler, event)
        if error is not None:
            await self._dead_letter(record, f"{type(error).__name__}: {error}", self.max_attempts)

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

    async def _dead_letter(self, record: ConsumerRecord, error: str, attempts: int) -> None:
        assert self._producer is not None
        await send_to_dlq(
            self._producer, record, error=error, attempts=attempts, consumer=self.subs.group
        )
        self.dead_lettered += 1
        log.error(
            "message sent to %s.dlq",
            record.topic,
            extra={"partition": record.partition, "offset": record.offset, "error": error},
        )


def _traceparent(record: ConsumerRecord) -> str:
    """The W3C traceparent the producer put in the message's headers ("" if none)."""
    return dict(record.headers or ()).get("traceparent", b"").decode(errors="replace")
