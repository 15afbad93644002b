"""Append-only, keyed hash chain of audit entries (审计日志) in each service's database.

Every state change appends an entry in the same transaction as the change, so an entry
exists exactly when its change was committed. Each entry stores the hash of the previous
one; ``hash = HMAC-SHA256(key, prev_hash + canonical JSON of [seq, at, actor, action,
subject, detail])`` with a key that is not in the database (``<SERVICE>_AUDIT_KEY``), so
someone who can write the database cannot recompute a rewritten chain. The single
``audit_head`` row (id 1) names the last entry: appenders lock it (``SELECT … FOR UPDATE``
on PostgreSQL; SQLite writers are already serialised by ``BEGIN IMMEDIATE``). What the
database alone cannot show (its tail cut off and the head moved back) the checkpoints
published outside it show: every ``checkpoint_every`` entries the unit of work also emits
``audit.checkpoint.v1`` (:mod:`shared.audit.checkpoints`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from shared.bulk_rows import insert_dicts
from shared.contracts.audit import AuditCheckpoint
from shared.db import DEV_AUDIT_KEY, UnitOfWork
from shared.platform_tables import audit_head, audit_log

GENESIS_HASH = "0" * 64
HEAD_ID = 1
AT_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
TEXT_LIMIT = 200  # the width of actor, action and subject in audit_log
CHECKPOINT_EVERY = 1000  # entries between two checkpoints emitted with the entries


@dataclass(frozen=True)
class AuditEntry:
    """One link of the chain, as stored."""

    seq: int
    at: datetime
    actor: str
    action: str
    subject: str | None
    detail_text: str  # the detail's canonical JSON, as stored and hashed
    prev_hash: str
    hash: str

    @property
    def detail(self) -> dict[str, Any]:
        """The detail as it will be read back (``verify_chain`` hashes that)."""
        return json.loads(self.detail_text)  # type: ignore[no-any-return]


_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                              allow_nan=False)  # made once: json.dumps makes one a call
_text = json.encoder.encode_basestring  # a str as canonical JSON writes it (non-ASCII kept)


def canonical_json(value: Any) -> str:
    return _CANONICAL.encode(value)


def at_text(at: datetime) -> str:
    """``at`` in UTC with a fixed format; naive values (SQLite reads them so) are UTC."""
    at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    return at.strftime(AT_FORMAT)


def entry_hash(key: bytes, prev_hash: str, seq: int, at: datetime, actor: str, action: str,
               subject: str | None, detail: Any) -> str:
    """The entry's keyed hash: HMAC-SHA256 under the service's audit key."""
    return _keyed(key, prev_hash, canonical_json([seq, at_text(at), actor, action, subject]),
                  canonical_json(detail))


def _keyed(key: bytes, prev_hash: str, head: str, detail_text: str) -> str:
    """``entry_hash`` from the canonical text of ``[seq, at, actor, action, subject]``
    and of the detail: the text hashed is that of the six-item list, spliced."""
    content = f"{head[:-1]},{detail_text}]"
    return hmac.new(key, (prev_hash + content).encode(), hashlib.sha256).hexdigest()


def _head_text(seq: int, stamp_text: str, note: AuditNote) -> str:
    """``canonical_json([seq, at, actor, action, subject])`` written out (``stamp_text``:
    the time as JSON), for one entry of a batch; a test holds the two to the same text."""
    subject = "null" if note.subject is None else _text(note.subject)
    return f"[{seq},{stamp_text},{_text(note.actor)},{_text(note.action)},{subject}]"


class AuditNote(NamedTuple):
    """What one entry says, before it is chained: who did what to which subject."""

    actor: str
    action: str
    subject: str | None
    detail: dict[str, Any]


async def record(uow: UnitOfWork, *, actor: str, action: str,
                 subject: str | None, detail: dict[str, Any]) -> AuditEntry:
    """Append an entry in the unit of work; it commits or rolls back with it."""
    return (await record_many(uow, [AuditNote(actor, action, subject, detail)]))[0]


async def record_many(uow: UnitOfWork, notes: Sequence[AuditNote]) -> list[AuditEntry]:
    """Append ``notes`` in order, in the unit of work, with one head lock, one insert and
    one head update (a batch of filings writes its entries this way). When the chain
    passes a multiple of ``CHECKPOINT_EVERY`` the unit of work emits its checkpoint."""
    session = uow.session
    for note in notes:
        for name, value in (("actor", note.actor), ("action", note.action),
                            ("subject", note.subject)):
            if value is not None and len(value) > TEXT_LIMIT:
                raise ValueError(f"audit {name} is {len(value)} characters; "
                                 f"the limit is {TEXT_LIMIT}")
    if not notes:
        return []
    seq, prev_hash = await _lock_head(session)
    first_seq = seq + 1
    key = uow.audit.key if uow.audit is not None else DEV_AUDIT_KEY
    at, entries, rows = datetime.now(UTC), [], []
    stamp = at_text(at)
    stamp_text = _text(stamp)
    for note in notes:
        detail_text = canonical_json(note.detail)
        seq += 1
        # entry_hash of the stored detail, whose canonical text is detail_text
        digest = _keyed(key, prev_hash, _head_text(seq, stamp_text, note), detail_text)
        rows.append({"seq": seq, "at": at, "actor": note.actor, "action": note.action,
                     "subject": note.subject, "detail": detail_text, "prev_hash": prev_hash,
                     "hash": digest})
        entries.append(AuditEntry(seq, at, note.actor, note.action, note.subject,
                                  detail_text, prev_hash, digest))
        prev_hash = digest
    await insert_dicts(session, audit_log, rows)
    await session.execute(
        update(audit_head).where(audit_head.c.id == HEAD_ID).values(seq=seq, hash=prev_hash))
    if uow.audit is not None and uow.can_emit \
            and seq // CHECKPOINT_EVERY > (first_seq - 1) // CHECKPOINT_EVERY:
        uow.emit(AuditCheckpoint(service=uow.audit.service, seq=seq, hash=prev_hash, at=at))
    return entries


async def head_of(session: AsyncSession) -> tuple[int, str] | None:
    """The chain's head (seq, hash) as stored, or None before the first entry."""
    row = (await session.execute(select(audit_head.c.seq, audit_head.c.hash)
                                 .where(audit_head.c.id == HEAD_ID))).first()
    return None if row is None else (row.seq, row.hash)


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


