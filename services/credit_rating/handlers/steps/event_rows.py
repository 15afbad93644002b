"""Outbox rows of many events at once (bulk import), as the unit of work's outbox
writes them (a performance module: the fast path of ``uow.emit_many``).

``uow.emit`` builds a payload model and an ``Envelope`` per event: for a bulk import that
costs more than storing the rows. Here, as in the outbox itself, one
:class:`~shared.messaging.outbox.EnvelopeFrame` holds what a batch's events share
(source, type, time); per event only the id, the subject and the data
(``model_dump(mode="json")`` of the payload, given as JSON text by the caller) are
joined in, and the rows go to the table with one statement. Tests compare the rows with
``Outbox``'s own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from pydantic import BaseModel
from pydantic_core import to_json

from shared.bulk_rows import insert_rows, stored_values
from shared.db import UnitOfWork
from shared.ids import new_ids
from shared.messaging.outbox import EnvelopeFrame, Outbox, json_text
from shared.observability import current_traceparent
from shared.platform_tables import outbox as outbox_table

COLUMNS = ("event_id", "event_type", "topic", "key", "payload", "traceparent", "created_at")


def data_json(payload: dict) -> str:
    """An event's data (``model_dump(mode="json")`` of its payload, or the same values
    with ``date``s in place of their text) as ``Envelope`` serialises it."""
    return to_json(payload).decode()


class EventRows:
    """Outbox rows of one event type for one batch: one time, one trace, one insert."""

    def __init__(self, outbox: Outbox, event: type[BaseModel], now: datetime) -> None:
        self._frame = EnvelopeFrame(outbox.source, event, now)
        self._outbox, self._spec, self._now = outbox, self._frame.spec, now
        self._traceparent = current_traceparent()

    def rows(self, events: Iterable[tuple[str, str]], created_at: object = None,
             ids: Sequence[str] | None = None) -> list[tuple]:
        """Rows in ``COLUMNS`` order of ``(key, data JSON)`` pairs; the key is the subject.
        ``created_at``: the batch's time as stored, if not the time itself; ``ids``: the
        events' ids, issued ahead (``new_ids``), if not issued here."""
        events = list(events)
        head, middle, tail = self._frame.head, self._frame.middle, self._frame.tail
        event_type, topic, trace = self._spec.type, self._spec.topic, self._traceparent
        stamp = self._now if created_at is None else created_at
        quoted = json_text
        return [(i, event_type, topic, key,
                 f'{head}"{i}"{middle}{quoted(key)}{tail}{data}}}', trace, stamp)
                for i, (key, data) in zip(new_ids(len(events)) if ids is None else ids,
                                          events, strict=True)]

    async def add(self, uow: UnitOfWork, events: Iterable[tuple[str, str]],
                  ids: Sequence[str] | None = None) -> None:
        """Store the events with one statement in ``uow`` (at once, not at its commit:
        they come before what it emits later), waking the relay after the commit as the
        outbox does. The batch's one time is put through its column's processor once."""
        session = uow.session
        stamp = (await stored_values(session, outbox_table, COLUMNS[-1:], (self._now,)))[0]
        rows = self.rows(events, stamp, ids)
        if not rows:
            return
        await insert_rows(session, outbox_table, COLUMNS, rows, stored=True)
        uow.after_commit(self._outbox.after_commit)
