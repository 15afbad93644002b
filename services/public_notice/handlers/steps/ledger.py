"""The ledger of notices a unit of work writes (公示台账), written in one go.

A batch of a thousand events arrives in one unit of work; writing each notice with its
own statements (insert, audit head, audit entry) costs ~0.9 ms a notice on SQLite. The
ledger gathers the unit of work's new notices and writes them with one numbering
statement, one executemany and one audit append for all, just before the commit: the
service's outbox (:class:`LedgerOutbox`) flushes the ledger of the session it stores
events for, and every deferred notice emits its ``notice.published.v1``, so the outbox
is always called. Anything that reads notices back in the same unit of work flushes
first (``await ledger.flush()``); a notice that emits nothing is written at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import event as orm_events
from sqlalchemy import insert, update
from sqlalchemy.ext.asyncio import AsyncSession

from services.public_notice.models import DrawSelection, Notice, NoticeCounter, NoticeSource
from shared.audit import AuditNote, record_many
from shared.bulk_rows import insert_dicts
from shared.clock import Clock
from shared.db import UnitOfWork
from shared.messaging.outbox import Outbox, PendingEvent

LEDGER_KEY = "public_notice.ledger"
COUNTER = "notices"


@dataclass
class Pair:
    """A notice of a kind two events describe (a case and its credit record), as this
    unit of work has written it, for the second event to find."""

    notice_id: str
    kind: str
    uscc: str | None
    department: str
    decided_on: date
    record_id: str | None
    reference: str | None


def key_of(kind: str, uscc: str | None, department: str, decided_on: date) -> tuple[object, ...]:
    """What two halves of one decision share."""
    return (kind, uscc, department, decided_on)


@dataclass
class NoticeLedger:
    uow: UnitOfWork
    rows: list[dict[str, Any]] = field(default_factory=list)
    selections: list[dict[str, str]] = field(default_factory=list)
    notes: list[AuditNote] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)  # events seen in this unit of work
    made: list[dict[str, str]] = field(default_factory=list)
    pairs: dict[tuple[object, ...], list[Pair]] = field(default_factory=dict)  # by key_of
    claimed: set[str] = field(default_factory=set)  # notices completed in this unit of work
    # read ahead for the batch (``read_ahead``), as committed before it: which events had
    # made a notice, among those asked; the notices lacking a half, of the entities read
    asked_sources: set[str] = field(default_factory=set)
    known_sources: set[str] = field(default_factory=set)
    halves_read: set[str] = field(default_factory=set)
    halves: dict[tuple[object, ...], list[Any]] = field(default_factory=dict)  # by key_of
    held_read: set[str] = field(default_factory=set)  # entities asked about held lists
    held_for: set[str] = field(default_factory=set)  # those on a held draw list
    moment: tuple[date, datetime] | None = None  # the unit of work's day and time (``now``)

    @staticmethod
    def of(uow: UnitOfWork) -> NoticeLedger:
        """The ledger of ``uow`` (made on first use)."""
        info = uow.session.info
        ledger = info.get(LEDGER_KEY)
        if ledger is None:
            ledger = info[LEDGER_KEY] = NoticeLedger(uow)
            orm_events.listen(uow.session.sync_session, "after_soft_rollback", ledger.forget)
        return ledger  # type: ignore[no-any-return]

    def forget(self, *_: object) -> None:
        """A savepoint rolled back (the consumer's message-by-message retry path): what
        the ledger remembers may no longer be in the database. Forgotten, so a retried
        event is not skipped as seen; nothing is pending there (see ``add``)."""
        self.rows, self.selections, self.notes, self.made = [], [], [], []
        self.sources.clear()
        self.pairs.clear()
        self.claimed.clear()

    async def add(self, row: dict[str, Any], note: AuditNote, event: BaseModel | None,
                  selections: Sequence[str] = ()) -> None:
        """Write ``row`` with its audit ``note``: before the commit when it emits
        ``event``; at once when it emits nothing, or inside a savepoint (one message of
        the consumer's retry path: its rollback must take the notice with it)."""
        self.rows.append(row)
        self.notes.append(note)
        self.sources.add(row["source_event_id"])
        self.made.append({"source_event_id": row["source_event_id"], "notice_id": row["id"]})
        self.selections += [{"notice_id": row["id"], "uscc": uscc} for uscc in selections]
        if event is not None:
            self.uow.emit(event)
        if event is None or self.uow.session.in_nested_transaction():
            await self.flush()

    def now(self, clock: Clock) -> tuple[date, datetime]:
        """China's day and the moment of this unit of work, read once: its notices are
        made at one time, as its audit entries and outbox rows are (and a batch's rows
        then share their stored timestamps)."""
        if self.moment is None:
            self.moment = (clock.today(), clock.now())
        return self.moment

    def pair(self, pair: Pair) -> None:
        """Remember a notice a second event may complete in this unit of work."""
        key = key_of(pair.kind, pair.uscc, pair.department, pair.decided_on)
        self.pairs.setdefault(key, []).append(pair)

    def completed(self, source: str, notice_id: str) -> None:
        """``source`` completed the notice ``notice_id`` (written with the next flush)."""
        self.sources.add(source)
        self.made.append({"source_event_id": source, "notice_id": notice_id})

    async def flush(self) -> None:
        """Write what is pending: numbers, notices, draw selections, audit entries."""
        if not self.rows and not self.made:
            return
        rows, selections, notes, made = self.rows, self.selections, self.notes, self.made
        self.rows, self.selections, self.notes, self.made = [], [], [], []
        session = self.uow.session
        if rows:
            last = await _take_numbers(session, len(rows))
            for offset, row in enumerate(rows):
                row["number"] = last - len(rows) + 1 + offset
        await insert_dicts(session, Notice.__table__, rows)
        await insert_dicts(session, NoticeSource.__table__, made)
        await insert_dicts(session, DrawSelection.__table__, selections)
        await record_many(self.uow, notes)


async def _take_numbers(session: AsyncSession, count: int) -> int:
    """Move the counter on by ``count`` and return its new last number (the row lock, or
    SQLite's write lock, keeps concurrent writers apart)."""
    counter = NoticeCounter.__table__
    taken = update(counter).where(counter.c.name == COUNTER) \
        .values(last=counter.c.last + count).returning(counter.c.last)
    last = (await session.execute(taken)).scalar()
    if last is None:
        await session.execute(insert(counter).values(name=COUNTER, last=count))
        return count
    return int(last)


class LedgerOutbox(Outbox):
    """The service's outbox: flushes the session's notice ledger before storing the
    events of the unit of work (which then include any audit checkpoint it emitted)."""

    async def store(self, session: AsyncSession, events: Sequence[PendingEvent]) -> None:
        ledger = session.info.get(LEDGER_KEY)
        if ledger is not None:
            await ledger.flush()
        await super().store(session, events)
