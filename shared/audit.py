"""Append-only, hash-chained audit log (审计日志) in each service's own database.

Every state change appends an entry in the same transaction as the change, so an entry
exists exactly when its change was committed. Each entry stores the hash of the previous
one; ``hash = sha256(prev_hash + canonical JSON of [seq, at, actor, action, subject,
detail])``. The single ``audit_head`` row (id 1) names the last entry: appenders lock it
(``SELECT … FOR UPDATE`` on PostgreSQL; SQLite writers are already serialised by
``BEGIN IMMEDIATE``), and it reveals entries cut off the end of the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from shared.bulk_rows import insert_dicts
from shared.db import UnitOfWork
from shared.platform_tables import audit_head, audit_log

GENESIS_HASH = "0" * 64
HEAD_ID = 1
AT_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
TEXT_LIMIT = 200  # the width of actor, action and subject in audit_log
VERIFY_CHUNK = 5000


@dataclass(frozen=True)
class AuditEntry:
    """One link of the chain, as stored."""

    seq: int
    at: datetime
    actor: str
    action: str
    subject: str | None
    detail: dict[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class ChainReport:
    """What :func:`verify_chain` found: intact, or the first broken link and why."""

    intact: bool
    entries: int
    first_broken_seq: int | None = None
    problem: str | None = None

    @property
    def message(self) -> str:
        if self.intact:
            return f"audit chain of {self.entries} entries is intact"
        return f"audit chain broken at entry {self.first_broken_seq}: {self.problem}"


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False)


def at_text(at: datetime) -> str:
    """``at`` in UTC with a fixed format; naive values (SQLite reads them so) are UTC."""
    at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    return at.strftime(AT_FORMAT)


def entry_hash(prev_hash: str, seq: int, at: datetime, actor: str, action: str,
               subject: str | None, detail: Any) -> str:
    content = canonical_json([seq, at_text(at), actor, action, subject, detail])
    return hashlib.sha256((prev_hash + content).encode()).hexdigest()


class AuditNote(NamedTuple):
    """What one entry says, before it is chained: who did what to which subject."""

    actor: str
    action: str
    subject: str | None
    detail: dict[str, Any]


async def record(uow_or_session: UnitOfWork | AsyncSession, *, actor: str, action: str,
                 subject: str | None, detail: dict[str, Any]) -> AuditEntry:
    """Append an entry in the caller's open transaction; it commits or rolls back with it."""
    return (await record_many(uow_or_session, [AuditNote(actor, action, subject, detail)]))[0]


async def record_many(uow_or_session: UnitOfWork | AsyncSession,
                      notes: Sequence[AuditNote]) -> list[AuditEntry]:
    """Append ``notes`` in order, in the caller's open transaction, with one head lock,
    one insert and one head update (a batch of filings writes its entries this way)."""
    session = uow_or_session.session if isinstance(uow_or_session, UnitOfWork) \
        else uow_or_session
    for note in notes:
        for name, value in (("actor", note.actor), ("action", note.action),
                            ("subject", note.subject)):
            if value is not None and len(value) > TEXT_LIMIT:
                raise ValueError(f"audit {name} is {len(value)} characters; "
                                 f"the limit is {TEXT_LIMIT}")
    if not notes:
        return []
    seq, prev_hash = await _lock_head(session)
    at, entries, rows = datetime.now(UTC), [], []
    for note in notes:
        detail_text = canonical_json(note.detail)
        stored_detail = json.loads(detail_text)  # what verify_chain will read back
        seq += 1
        digest = entry_hash(prev_hash, seq, at, note.actor, note.action, note.subject,
                            stored_detail)
        rows.append({"seq": seq, "at": at, "actor": note.actor, "action": note.action,
                     "subject": note.subject, "detail": detail_text, "prev_hash": prev_hash,
                     "hash": digest})
        entries.append(AuditEntry(seq, at, note.actor, note.action, note.subject,
                                  stored_detail, prev_hash, digest))
        prev_hash = digest
    await insert_dicts(session, audit_log, rows)
    await session.execute(
        update(audit_head).where(audit_head.c.id == HEAD_ID).values(seq=seq, hash=prev_hash))
    return entries


async def _lock_head(session: AsyncSession) -> tuple[int, str]:
    """The head's (seq, hash), row-locked until the transaction ends; created at genesis."""
    locked = select(audit_head.c.seq, audit_head.c.hash) \
        .where(audit_head.c.id == HEAD_ID).with_for_update()
    row = (await session.execute(locked)).first()
    if row is None:
        # Concurrent first appenders: one inserts, the others wait for it and do nothing.
        dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
        await session.execute(
            dialect.insert(audit_head).values(id=HEAD_ID, seq=0, hash=GENESIS_HASH)
            .on_conflict_do_nothing(index_elements=[audit_head.c.id]))
        row = (await session.execute(locked)).one()
    return row.seq, row.hash


class _ChainWalk:
    """Checks entries in seq order, one at a time, remembering only the last link."""

    def __init__(self) -> None:
        self.checked = 0
        self.last_seq = 0
        self.last_hash = GENESIS_HASH
        self.broken: tuple[int, str] | None = None

    def check(self, row: Any) -> bool:
        expected = self.last_seq + 1
        if row.seq != expected:
            self.broken = (expected, f"seq {expected} missing (an entry was removed)")
            return False
        if row.prev_hash != self.last_hash:
            previous = "the genesis hash" if row.seq == 1 else f"entry {self.last_seq}'s hash"
            self.broken = (row.seq, f"prev_hash does not match {previous} "
                           "(an entry was removed or inserted)")
            return False
        if row.hash != _recomputed_hash(row):
            self.broken = (row.seq, "stored hash does not match its content (entry was altered)")
            return False
        self.checked += 1
        self.last_seq, self.last_hash = row.seq, row.hash
        return True


def _recomputed_hash(row: Any) -> str | None:
    try:
        detail = json.loads(row.detail)
    except ValueError:
        return None
    return entry_hash(row.prev_hash, row.seq, row.at, row.actor, row.action, row.subject, detail)


async def verify_chain(session: AsyncSession,
                       progress: Callable[[int, int], None] | None = None,
                       chunk_size: int = VERIFY_CHUNK) -> ChainReport:
    """Recompute every entry's hash and link, then compare the head with the last entry.

    Reads ``chunk_size`` entries at a time (keyset pagination on seq), so memory stays flat
    however long the chain; ``progress(checked, total)`` is called after each chunk.
    """
    total = (await session.execute(select(func.count()).select_from(audit_log))).scalar_one()
    walk = _ChainWalk()
    if not await _walk_to_end(session, walk, total, progress, chunk_size):
        seq, problem = walk.broken or (None, None)
        return ChainReport(False, max(total, walk.checked), seq, problem)
    head = (await session.execute(
        select(audit_head.c.seq, audit_head.c.hash).where(audit_head.c.id == HEAD_ID))).first()
    if head is not None and head.seq > walk.last_seq:
        # Entries committed after the walk passed by come with a newer head: follow them.
        if not await _walk_to_end(session, walk, total, progress, chunk_size, head.seq):
            seq, problem = walk.broken or (None, None)
            return ChainReport(False, max(total, walk.checked), seq, problem)
    problem = _head_problem(head, walk)
    if problem is not None:
        return ChainReport(False, walk.checked, *problem)
    return ChainReport(True, walk.checked)


async def _walk_to_end(session: AsyncSession, walk: _ChainWalk, total: int,
                       progress: Callable[[int, int], None] | None, chunk_size: int,
                       up_to: int | None = None) -> bool:
    columns = [audit_log.c.seq, audit_log.c.at, audit_log.c.actor, audit_log.c.action,
               audit_log.c.subject, audit_log.c.detail, audit_log.c.prev_hash, audit_log.c.hash]
    while True:
        query = select(*columns).where(audit_log.c.seq > walk.last_seq)
        if up_to is not None:
            query = query.where(audit_log.c.seq <= up_to)
        chunk = (await session.execute(query.order_by(audit_log.c.seq).limit(chunk_size))).all()
        if not chunk:
            return True
        for row in chunk:
            if not walk.check(row):
                return False
        if progress is not None:
            progress(walk.checked, max(total, walk.checked))


def _head_problem(head: Any, walk: _ChainWalk) -> tuple[int, str] | None:
    if head is None:
        if walk.checked == 0:
            return None
        return walk.last_seq, "the head row is missing (audit_head was deleted)"
    if head.seq > walk.last_seq:
        return walk.last_seq + 1, (
            f"head points at entry {head.seq} but the chain ends at entry {walk.last_seq} "
            "(entries were removed from the end)")
    if head.seq < walk.last_seq:
        return head.seq + 1, (
            f"head points at entry {head.seq} but the chain goes on to entry {walk.last_seq} "
            "(entries were appended without moving the head)")
    if head.hash != walk.last_hash:
        return head.seq, f"head's hash does not match entry {head.seq}'s hash (head was altered)"
    return None
