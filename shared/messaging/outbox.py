"""Transactional outbox (发件箱): events are rows written in the caller's transaction.

Nothing publishes to Kafka from a request. :class:`Outbox` adds the row inside the
unit of work; :class:`~shared.messaging.relay.OutboxRelay` publishes it later.
"""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel
from sqlalchemy import insert

from shared.contracts import Envelope
from shared.contracts.registry import EventSpec
from shared.db import UnitOfWork
from shared.observability import current_traceparent
from shared.platform_tables import outbox


class Outbox:
    """A service's outbox: turns payload models into envelopes and stores them."""

    def __init__(self, source: str, on_commit=None) -> None:  # type: ignore[no-untyped-def]
        self.source = source
        self._on_commit = on_commit

    async def add(
        self, uow: UnitOfWork, payload: BaseModel, *, subject: str | None = None
    ) -> Envelope:
        """Store ``payload`` as its registered event, keyed by the spec's key field."""
        spec: EventSpec = type(payload).__event_spec__  # type: ignore[attr-defined]
        key = str(getattr(payload, spec.key))
        envelope = Envelope(
            source=self.source,
            type=spec.type,
            subject=subject or key,
            data=payload.model_dump(mode="json"),
        )
        await self.add_envelope(uow, envelope, topic=spec.topic, key=key)
        return envelope

    async def add_envelope(
        self, uow: UnitOfWork, envelope: Envelope, *, topic: str, key: str | None
    ) -> None:
        await uow.session.execute(
            insert(outbox).values(
                event_id=envelope.id,
                event_type=envelope.type,
                topic=topic,
                key=key,
                payload=envelope.to_json().decode(),
                traceparent=current_traceparent(),
                created_at=datetime.now(UTC),
            )
        )
        if self._on_commit is not None:
            uow.after_commit(self._on_commit)
