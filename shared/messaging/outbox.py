"""Transactional outbox (发件箱): events are rows written in the caller's transaction.

Nothing publishes to Kafka from a request. A use case emits with ``uow.emit(event)``;
the unit of work stores the rows through :class:`Outbox` in its own transaction, and
:class:`~shared.messaging.relay.OutboxRelay` publishes them later.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, NamedTuple

from pydantic import BaseModel
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from shared.bulk_rows import insert_dicts
from shared.contracts import Envelope
from shared.contracts.registry import EventSpec
from shared.ids import new_id, new_ids
from shared.observability import current_traceparent
from shared.platform_tables import outbox

if TYPE_CHECKING:
    from shared.db import Database, UnitOfWork

REPUBLISH_CHUNK = 10_000


class PendingEvent(NamedTuple):
    """An event a unit of work emitted, stored when the unit of work commits."""

    payload: BaseModel
    subject: str | None
    traceparent: str | None


class Outbox:
    """A service's outbox: turns payload models into envelopes and stores them.

    A use case never calls it: it emits with ``uow.emit(event)`` and the unit of work
    stores what was emitted, in its own transaction, just before it commits
    (:class:`~shared.db.UnitOfWork`). ``wake`` (the relay's) is called after each commit
    that stored events.
    """

    def __init__(self, source: str, wake: Callable[[], None] | None = None) -> None:
        Envelope(source=source, type="cn.gov.jianguan.outbox.check.v1")  # a bad source fails here
        self.source = source
        self.wake = wake

    def pending(self, payload: BaseModel, subject: str | None = None,
                traceparent: str | None = None) -> PendingEvent:
        """``payload`` as its registered event, to be stored by :meth:`store`; the trace
        is the current one unless given (a group commit carries each request's own)."""
        if not hasattr(type(payload), "__event_spec__"):
            raise TypeError(f"{type(payload).__name__} is not a registered event payload")
        return PendingEvent(payload, subject, traceparent or current_traceparent())

    async def store(self, session: AsyncSession, events: Sequence[PendingEvent]) -> None:
        """Insert ``events`` with one statement, in ``session``'s open transaction."""
        if not events:
            return
        now = datetime.now(UTC)
        frames: dict[type, EnvelopeFrame] = {}
        rows = []
        for event, event_id in zip(events, new_ids(len(events)), strict=True):
            payload = event.payload
            frame = frames.get(type(payload))
            if frame is None:
                frame = frames[type(payload)] = EnvelopeFrame(self.source, type(payload), now)
            key = str(getattr(payload, frame.spec.key))
            rows.append({
                "event_id": event_id, "event_type": frame.spec.type, "topic": frame.spec.topic,
                "key": key, "payload": frame.text(event_id, event.subject or key,
                                                  payload.model_dump_json()),
                "traceparent": event.traceparent, "created_at": now})
        await insert_dicts(session, outbox, rows)

    def after_commit(self) -> None:
        if self.wake is not None:
            self.wake()

    async def add_envelope(
        self, uow: UnitOfWork, envelope: Envelope, *, topic: str, key: str | None
    ) -> None:
        """Store an envelope built elsewhere (tests, replays of foreign events)."""
        await insert_dicts(uow.session, outbox, [{
            "event_id": envelope.id, "event_type": envelope.type, "topic": topic, "key": key,
            "payload": envelope.to_json().decode(), "traceparent": current_traceparent(),
            "created_at": datetime.now(UTC)}])
        uow.after_commit(self.after_commit)

    def envelope(self, payload: BaseModel, subject: str | None = None) -> Envelope:
        """The envelope ``payload`` would travel in (for tests and previews)."""
        return self._row(payload, subject, datetime.now(UTC), None, new_id())[1]

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
            time=now,
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


class EnvelopeFrame:
    """The envelope of one event type at one time as JSON text, with the id, the subject
    and the data left open: ``Envelope`` serialises what the events of a unit of work
    share once, and each event's own parts are joined in (what ``Envelope.to_json`` of
    each would give, at a fraction of its cost; a test holds the two to the same text)."""

    def __init__(self, source: str, event: type[BaseModel], now: datetime) -> None:
        self.spec: EventSpec = event.__event_spec__  # type: ignore[attr-defined]
        template = Envelope.model_construct(
            id=_ID, source=source, type=self.spec.type, time=now, subject=_SUBJECT,
            data={}).to_json().decode()
        self.head, rest = template.split(json_text(_ID))
        self.middle, tail = rest.split(json_text(_SUBJECT))
        assert tail.endswith("{}}"), "data is the envelope's last attribute"
        self.tail = tail[:-3]  # the envelope is f'{head}"{id}"{middle}{subject}{tail}{data}}}'

    def text(self, event_id: str, subject: str, data_json: str) -> str:
        """The envelope of one event whose data serialises to ``data_json``; the id is
        one of ours (``new_ids``: hex digits and dashes, nothing to escape)."""
        return f'{self.head}"{event_id}"{self.middle}{json_text(subject)}' \
               f"{self.tail}{data_json}}}"


_ID, _SUBJECT = "@event-id@", "@subject@"
json_text = json.encoder.encode_basestring  # a str as JSON, non-ASCII kept (as pydantic)


async def mark_unpublished_since(database: Database, since: datetime) -> int:
    """Mark the rows published at or after ``since`` unpublished; returns how many.

    By ``published_at``, which the relay stamps with the real time (a row's
    ``created_at`` may come from a service's shifted clock). Walked back from the
    newest id in chunks, each its own short transaction on the primary key, until a
    chunk holds rows published before ``since`` and none after.
    """
    async with database.reader() as session:
        end = (await session.execute(select(func.max(outbox.c.id)))).scalar_one()
    marked = 0
    while end is not None and end > 0:
        start = max(end - REPUBLISH_CHUNK + 1, 0)
        in_chunk = outbox.c.id.between(start, end)
        async with database.unit_of_work() as uow:
            result = await uow.session.execute(
                update(outbox).where(in_chunk, outbox.c.published_at >= since)
                .values(published_at=None))
            older = (await uow.session.execute(select(func.count()).where(
                in_chunk, outbox.c.published_at < since))).scalar_one()
        marked += result.rowcount
        if older and not result.rowcount:
            break
        end = start - 1
    return marked
