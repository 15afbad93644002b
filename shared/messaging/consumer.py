"""Consumer runner (消费者): a service declares handlers; this does the Kafka part.

It polls, hands each partition's batch to :class:`~shared.messaging.batches.Batches`
(one transaction; message by message with retries and dead letters when the batch
cannot go through whole), and commits the offsets of a poll's batches together, only
after their DB commits and only for partitions still owned; a batch that failed is
sought back and read again.

A position past its partition's end (the high watermark the broker last reported for it)
belongs to another log: the memory-only embedded broker restarted, or a group's offsets
outlived their topic. Kafka answers such a fetch with OFFSET_OUT_OF_RANGE and the client
resets to the earliest offset; Tansu answers with nothing, and the consumer would wait
there and then skip every record up to it. So the runner checks, at most once a second,
the partitions a poll brought nothing for, and reads such a one again from its start
(the inbox drops what was processed already).

The lag is measured against the partitions' real ends (:mod:`shared.messaging.lag`)
from what was processed; a consumer with messages waiting that has not processed any
for a while is reported as stalled (``consumer_stalled_seconds``).
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.errors import CommitFailedError
from aiokafka.structs import ConsumerRecord, OffsetAndMetadata

from shared.db import Database
from shared.messaging.batches import Batches
from shared.messaging.kafka import (
    TopicConfig,
    broker_state,
    ensure_topics,
    new_consumer,
    new_producer,
)
from shared.messaging.lag import PartitionEnds
from shared.messaging.subscriptions import Subscriptions

log = logging.getLogger(__name__)
BEYOND_END_CHECK_SECONDS = 1.0


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
        self._ends_checked_at = 0.0
        self.beyond_end_resets = 0  # partitions read again from the start (see above)
        self._cluster_id = ""
        self._stopping = False
        self._batches = Batches(subscriptions, database, self._dead_letters_producer,
                                max_attempts=max_attempts, retry_delay=retry_delay)

    @property
    def dead_lettered(self) -> int:
        """Messages sent to the dead letters so far."""
        return self._batches.dead_lettered

    def _dead_letters_producer(self) -> AIOKafkaProducer:
        assert self._producer is not None
        return self._producer

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
        done: dict[TopicPartition, int] = {}  # committed together: two round trips a poll
        for tp, records in batches.items():
            if tp in self._consumer.assignment():
                try:
                    await self._process_partition(tp, records)
                except Exception:
                    if done:  # what went through stays done; the inbox covers a re-read
                        with contextlib.suppress(Exception):
                            await self._commit(done)
                    raise
                done[tp] = records[-1].offset + 1
        if done:
            await self._commit(done)
        if time.monotonic() - self._ends_checked_at >= BEYOND_END_CHECK_SECONDS:
            self._ends_checked_at = time.monotonic()
            await self._restart_beyond_end(
                [tp for tp in self._consumer.assignment() if not batches.get(tp)])

    async def _restart_beyond_end(self, quiet: list[TopicPartition]) -> None:
        """Of the ``quiet`` partitions, read again from the start those whose position is
        past the end the broker last reported (see the module's docstring)."""
        consumer = self._consumer
        assert consumer is not None
        beyond = []
        for tp in quiet:
            end = consumer.highwater(tp)
            if end is not None and await consumer.position(tp) > end:
                beyond.append(tp)
        if beyond:
            self.beyond_end_resets += len(beyond)
            log.warning("consumer %s: %s past the end of the log; reading from the start",
                        self.subs.group, ", ".join(f"{tp.topic}[{tp.partition}]"
                                                   for tp in sorted(beyond)))
            await consumer.seek_to_beginning(*beyond)

    async def _process_partition(self, tp: TopicPartition, records: list[ConsumerRecord]) -> None:
        consumer = self._consumer
        assert consumer is not None
        try:
            await self._batches.take(records)
        except Exception:
            consumer.seek(tp, records[0].offset)  # nothing of this batch counted
            raise
        self.processed += len(records)
        self._positions[tp] = records[-1].offset + 1
        self._advanced_at = time.monotonic()

    async def _commit(self, offsets: dict[TopicPartition, int]) -> None:
        consumer = self._consumer
        assert consumer is not None
        # asked on the producer's connection: the consumer's waits behind a fetch long-poll
        state = await broker_state(self._producer.client)
        if state.cluster_id != self._cluster_id:
            # the memory-only broker restarted: its offsets mean nothing now; start over
            # from its earliest offsets (the inbox makes the re-read harmless)
            raise RuntimeError("the broker restarted; reconnecting the consumer")
        owned = consumer.assignment()  # one revoked while we worked: its next owner re-reads
        commits = {tp: OffsetAndMetadata(offset, "") for tp, offset in offsets.items()
                   if tp in owned}
        if not commits:
            return
        try:
            await asyncio.wait_for(consumer.commit(commits), self.commit_timeout)
        except CommitFailedError as exc:
            log.info("offset commit skipped after rebalance: %s", exc)
        except TimeoutError as exc:
            # e.g. a restarted broker that forgot the group: reconnect; the inbox dedupes
            where = ", ".join(f"{tp.topic}[{tp.partition}]" for tp in commits)
            raise RuntimeError(f"offset commit on {where} timed out") from exc
