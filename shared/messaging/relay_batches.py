"""The relay's sending and confirming of batches (中继批次): hand rows to the producer,
wait for the broker's acknowledgements, check the broker, mark the rows published.

:class:`Confirmer` confirms in the background, in rounds: a round takes every batch
handed over since the last one, waits for all their acknowledgements, asks the broker
once whether it is still the incarnation the batches went to, and marks them in one
transaction. While the relay reads and sends, a round is under way; when the relay
outruns the rounds, it waits (at most ``queued`` batches wait for a round).
A row is marked only once the broker acknowledged it and after that check; a batch
whose round fails stays unpublished and is sent again (the inboxes dedup).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from aiokafka import AIOKafkaProducer
from aiokafka.client import ConnectionGroup
from aiokafka.protocol.metadata import MetadataRequest
from sqlalchemy import update

from shared.db import Database
from shared.messaging.kafka import BrokerState
from shared.platform_tables import outbox

_CONTENT_TYPE = ("content-type", b"application/cloudevents+json; charset=UTF-8")


async def enqueue_rows(producer: AIOKafkaProducer, rows) -> list[asyncio.Future]:  # type: ignore[no-untyped-def]
    """Hand outbox rows to the producer (pipelined); returns one future per row."""
    send = producer.send
    futures = []
    append = futures.append
    for row in rows:
        traceparent, key = row.traceparent, row.key
        headers = [_CONTENT_TYPE, ("traceparent", traceparent.encode())] if traceparent \
            else [_CONTENT_TYPE]
        append(await send(row.topic, value=row.payload.encode(),
                          key=key.encode() if key else None, headers=headers))
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


async def broker_state(client, topics: Iterable[str] = ()) -> BrokerState:  # type: ignore[no-untyped-def]
    """:func:`shared.messaging.kafka.broker_state` on a connection of its own.

    The broker answers a connection's requests in order: on the producer's connection the
    question would wait behind every produce request in flight (tens of milliseconds
    while draining), though it needs none of them. Asked after the acknowledgements it
    follows, it still tells whether they came from the incarnation asked before sending.
    """
    node = client.get_random_node()
    if node is None:
        raise ConnectionError("no broker is known")
    request = MetadataRequest(list(topics), allow_auto_topic_creation=False)
    response = await client.send(node, request, group=ConnectionGroup.COORDINATION)
    known = frozenset(t[1] for t in response.topics if t[0] == 0)  # error code 0: exists
    return BrokerState(response.cluster_id or "", known)


@dataclass
class Batch:
    """Rows handed to ``producer`` in one read, to the broker incarnation ``cluster_id``."""

    rows: list
    futures: list[asyncio.Future]
    cluster_id: str
    producer: AIOKafkaProducer


class Confirmer:
    def __init__(self, database: Database, queued: int = 4) -> None:
        self.database = database
        self.queued = queued
        self.published = 0
        self._batches: list[Batch] = []  # handed over, not yet taken by a round
        self._round: asyncio.Task | None = None

    @property
    def busy(self) -> bool:
        return self._round is not None

    def add(self, batch: Batch) -> None:
        self._batches.append(batch)
        self._next_round()

    def finished(self) -> bool:
        """Whether the round is over but not yet seen (perhaps with an error to raise)."""
        return self._round is not None and self._round.done()

    async def room(self) -> None:
        """Wait while ``queued`` batches or more wait for a round (or raise its error)."""
        while len(self._batches) >= self.queued and self._round is not None:
            await self._wait(self._round)

    async def settle(self) -> None:
        """Wait until every batch handed over is confirmed (or raise the first error)."""
        while self._round is not None:
            await self._wait(self._round)

    async def _wait(self, round_: asyncio.Task) -> None:
        try:
            await round_
        except BaseException:
            if self._round is round_:  # failed, or cancelled: those rows stay unpublished
                self._round = None
                self._batches.clear()
            raise
        # A round already done returns at once, perhaps before its done callback ran:
        # move on here (the callback then finds nothing to do), or the caller would spin.
        self._round_done(round_)

    def _next_round(self) -> None:
        if self._round is None and self._batches:
            batches, self._batches = self._batches, []
            self._round = asyncio.create_task(self._confirm(batches), name="outbox-confirm")
            self._round.add_done_callback(self._round_done)

    def _round_done(self, round_: asyncio.Task) -> None:
        """A round succeeded: the next one takes what was handed over meanwhile."""
        if round_ is self._round and not round_.cancelled() and round_.exception() is None:
            self._round = None
            self._next_round()

    async def _confirm(self, batches: list[Batch]) -> None:
        producer = batches[-1].producer
        rows = [row for batch in batches for row in batch.rows]
        errors = await outcomes(producer, [f for batch in batches for f in batch.futures])
        # A restarted memory-only broker acknowledges retried sends to topics it
        # forgot: if it restarted meanwhile, the whole round counts as unsent.
        topics = {row.topic for row in rows}
        after = await broker_state(producer.client, topics)
        if any(b.cluster_id != after.cluster_id for b in batches) or topics - after.topics:
            raise RuntimeError("the broker restarted while publishing; sending the batch again")
        if errors.count(None) == len(errors):
            await self._mark([(b.rows[0].id, b.rows[-1].id) for b in batches],
                             [row.id for row in rows], [])
            return
        done, failed_keys = [], set()
        for row, error in zip(rows, errors, strict=True):
            if error is None and row.key not in failed_keys:
                done.append(row.id)
            elif error is not None:
                failed_keys.add(row.key)
        failures = [(r.id, str(e)[:500]) for r, e in zip(rows, errors, strict=True) if e]
        await self._mark([], done, failures)
        first = next(e for e in errors if e is not None)
        raise RuntimeError(
            f"{len(rows) - len(done)} of {len(rows)} events not acknowledged: "
            f"{type(first).__name__}: {first}"
        )

    async def _mark(self, ranges: list[tuple[int, int]], done: list[int],
                    failures: list[tuple[int, str]]) -> None:
        """Mark ``done`` published, by the batches' id ``ranges`` when every row of them
        was acknowledged (SQLite), and count the ``failures``' attempts."""
        published = {"published_at": datetime.now(UTC)}  # attempts counts failed sends
        async with self.database.unit_of_work() as uow:
            if self.database.sqlite and ranges:
                # SQLite writers hold the lock from BEGIN IMMEDIATE, so no lower id can
                # commit after a higher one: a batch's id range is exactly the rows read.
                for first, last in ranges:
                    await uow.session.execute(
                        update(outbox)
                        .where(outbox.c.id.between(first, last), outbox.c.published_at.is_(None))
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
