"""Transactional outbox (发件箱): events are rows written in the caller's transaction.

Nothing publishes to Kafka from a request. :class:`Outbox` adds the row inside the
unit of work; :class:`~shared.messaging.relay.OutboxRelay` publishes it later.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from pydantic import BaseModel

from shared.bulk_rows import insert_dicts
from shared.contracts import Envelope
from shared.contracts.registry import EventSpec
from shared.db import UnitOfWork
from shared.ids import new_id, new_ids
from shared.observability import current_traceparent
from shared.platform_tables import outbox


class Outbox:
    """A service's outbox: turns payload models into envelopes and stores them."""

    def __init__(self, source: str, on_commit=None) -> None:  # type: ignore[no-untyped-def]
        Envelope(source=source, type="cn.gov.jianguan.outbox.check.v1")  # a bad source fails here
        self.source = source
        self._on_commit = on_commit

    async def add(
        self, uow: UnitOfWork, payload: BaseModel, *, subject: str | None = None
    ) -> Envelope:
        """Store ``payload`` as its registered event, keyed by the spec's key field."""
        row, envelope = self._row(payload, subject, datetime.now(UTC), current_traceparent(),
                                  new_id())
        await self._insert(uow, [row])
        return envelope

    async def add_many(self, uow: UnitOfWork, payloads: Sequence[BaseModel],
                       traceparents: Sequence[str | None] | None = None) -> None:
        """Store many events with one statement (bulk imports, batch re-grades, a group
        commit); ``traceparents``, one per payload, when they come from several requests."""
        now = datetime.now(UTC)
        traces = traceparents if traceparents is not None \
            else [current_traceparent()] * len(payloads)
        if len(traces) != len(payloads):
            raise ValueError(f"{len(traces)} traceparents for {len(payloads)} events")
        await self._insert(uow, [
            self._row(payload, None, now, trace, event_id)[0] for payload, trace, event_id
            in zip(payloads, traces, new_ids(len(payloads)), strict=True)])

    async def add_envelope(
        self, uow: UnitOfWork, envelope: Envelope, *, topic: str, key: str | None
    ) -> None:
        """Store an envelope built elsewhere (tests, replays of foreign events)."""
        await self._insert(
            uow,
            [
                {
                    "event_id": envelope.id,
                    "event_type": envelope.type,
                    "topic": topic,
                    "key": key,
                    "payload": envelope.to_json().decode(),
                    "traceparent": current_traceparent(),
                    "created_at": datetime.now(UTC),
                }
            ],
        )

    def _row(
        self, payload: BaseModel, subject: str | None, now: datetime, traceparent: str | None,
        event_id: str,
    ) -> tuple[dict, Envelope]:
        spec: EventSpec = type(payload).__event_spec__  # type: ignore[attr-defined]
        key = str(getattr(payload, spec.key))
        # Built without validation: the type comes from the registry, the source was
        # checked once (``__init__``) and the payload is a validated model.
        envelope = Envelope.model_construct(
            id=event_id,  # time-ordered, so the outbox's index on it grows at its end
            source=self.source,
            type=spec.type,
            time=datetime.now(UTC),
            subject=subject or key,
            data=payload.model_dump(mode="json"),
        )
        row = {
            "event_id": envelope.id,
            "event_type": envelope.type,
            "topic": spec.topic,
            "key": key,
            "payload": envelope.to_json().decode(),
            "traceparent": traceparent,
            "created_at": now,
        }
        return row, envelope

    async def _insert(self, uow: UnitOfWork, rows: list[dict]) -> None:
        if not rows:
            return
        await insert_dicts(uow.session, outbox, rows)
        self.wake_relay_after(uow)

    def wake_relay_after(self, uow: UnitOfWork) -> None:
        """Wake the relay once ``uow`` commits (for rows stored by other means)."""
        if self._on_commit is not None:
            uow.after_commit(self._on_commit)
