"""What a consumer does with a partition's batch in the database (the Kafka side is
:mod:`shared.messaging.consumer`'s).

The whole batch first in one transaction with one inbox statement, read ahead when the
service reads ahead (``Subscriptions.read_ahead``), without savepoints. If anything in
it is not plain sailing (a bad envelope, an unknown type, a failing handler), that is
rolled back and the batch is taken message by message: each in a SAVEPOINT with its
inbox mark, so a failing message rolls back alone; retried ``max_attempts`` times, then
a dead letter (kept in the batch's transaction, copied to ``<topic>.dlq``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from aiokafka import AIOKafkaProducer
from aiokafka.structs import ConsumerRecord

from shared.contracts import Envelope, InvalidEnvelope
from shared.db import Database, UnitOfWork
from shared.messaging.dead_letters import dead_letter
from shared.messaging.inbox import first_deliveries, first_delivery
from shared.messaging.subscriptions import Handler, Subscriptions
from shared.observability import continued_trace

log = logging.getLogger(__name__)


class _HandlerFailed(Exception):
    """A handler raised on the fast path: roll back and take the slow path."""


class Batches:
    def __init__(self, subscriptions: Subscriptions, database: Database,
                 producer: Callable[[], AIOKafkaProducer], *, max_attempts: int,
                 retry_delay: float) -> None:
        self.subs = subscriptions
        self.database = database
        self.max_attempts = max_attempts
        self.retry_delay = retry_delay
        self.dead_lettered = 0
        self._producer = producer  # the runner's, for copies to the dead-letter topics

    async def take(self, records: list[ConsumerRecord]) -> None:
        """Process ``records`` (one partition's, in order), committed in the database
        when this returns; raises (having changed nothing) if the database fails."""
        if not await self._fast_path(records):
            async with self.database.unit_of_work() as uow:
                for record in records:
                    await self._process_record(uow, record)

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
        await dead_letter(self._producer(), uow.session, record, consumer=self.subs.group,
                          error=error, attempts=attempts, event_id=event.id if event else None,
                          event_type=event.type if event else None)
        self.dead_lettered += 1


def _traceparent(record: ConsumerRecord) -> str:
    """The W3C traceparent the producer put in the message's headers ("" if none)."""
    return dict(record.headers or ()).get("traceparent", b"").decode(errors="replace")
