"""Verifying an audit chain (审计链校验): every entry's keyed hash and link, the head, and
optionally the checkpoints published outside the database.

Without the key nobody can recompute a rewritten entry's hash; without the checkpoints a
chain whose tail was cut off and whose head was moved back would still look whole, so
``--against-checkpoints`` compares the chain with every published head. An empty chain is
never "intact": nothing in the database tells a new chain from an emptied one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from shared.audit.chain import GENESIS_HASH, entry_hash, head_of
from shared.contracts.audit import AuditCheckpoint
from shared.platform_tables import audit_log

VERIFY_CHUNK = 5000


@dataclass(frozen=True)
class ChainReport:
    """What :func:`verify_chain` found: intact, or the first broken link and why."""

    intact: bool
    entries: int
    first_broken_seq: int | None = None
    problem: str | None = None
    checkpoints: int = 0  # how many published checkpoints the chain was compared with

    @property
    def message(self) -> str:
        if self.intact:
            against = f", and matches {self.checkpoints} published checkpoint(s)" \
                if self.checkpoints else ""
            return f"audit chain of {self.entries} entries is intact{against}"
        if self.first_broken_seq is None:
            return f"audit chain is not intact: {self.problem}"
        return f"audit chain broken at entry {self.first_broken_seq}: {self.problem}"


class _ChainWalk:
    """Checks entries in seq order, one at a time, remembering only the last link."""

    def __init__(self, key: bytes, checkpoints: Mapping[int, str]) -> None:
        self.key = key
        self.checkpoints = checkpoints
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
        if row.hash != self._recomputed(row):
            self.broken = (row.seq, "stored hash does not match its content under the "
                           "audit key (entry was altered, or the key is not this service's)")
            return False
        published = self.checkpoints.get(row.seq)
        if published is not None and published != row.hash:
            self.broken = (row.seq, "entry differs from the checkpoint published for it "
                           "(the chain was rewritten from here on)")
            return False
        self.checked += 1
        self.last_seq, self.last_hash = row.seq, row.hash
        return True

    def _recomputed(self, row: Any) -> str | None:
        try:
            detail = json.loads(row.detail)
        except ValueError:
            return None
        return entry_hash(self.key, row.prev_hash, row.seq, row.at, row.actor, row.action,
                          row.subject, detail)


async def verify_chain(session: AsyncSession, key: bytes,
                       progress: Callable[[int, int], None] | None = None,
                       chunk_size: int = VERIFY_CHUNK,
                       checkpoints: Sequence[AuditCheckpoint] = ()) -> ChainReport:
    """Recompute every entry's keyed hash and link, compare the head with the last entry
    and, when given, each published checkpoint with the entry it names.

    Reads ``chunk_size`` entries at a time (keyset pagination on seq), so memory stays flat
    however long the chain; ``progress(checked, total)`` is called after each chunk.
    """
    published = {c.seq: c.hash for c in checkpoints}
    total = (await session.execute(select(func.count()).select_from(audit_log))).scalar_one()
    walk = _ChainWalk(key, published)

    def broken() -> ChainReport:
        seq, problem = walk.broken or (None, None)
        return ChainReport(False, max(total, walk.checked), seq, problem, len(published))

    if not await _walk_to_end(session, walk, total, progress, chunk_size):
        return broken()
    head = await head_of(session)
    if head is not None and head[0] > walk.last_seq:
        # Entries committed after the walk passed by come with a newer head: follow them.
        if not await _walk_to_end(session, walk, total, progress, chunk_size, head[0]):
            return broken()
    problem = _head_problem(head, walk) or _checkpoint_problem(published, walk)
    if problem is not None:
        return ChainReport(False, walk.checked, *problem, checkpoints=len(published))
    if walk.checked == 0:
        return ChainReport(False, 0, None, "the chain is empty: a service that has changed "
                           "anything has entries, and an emptied chain looks like a new one "
                           "(compare it with the published checkpoints)", len(published))
    return ChainReport(True, walk.checked, checkpoints=len(published))


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


def _head_problem(head: tuple[int, str] | None, walk: _ChainWalk) -> tuple[int, str] | None:
    if head is None:
        if walk.checked == 0:
            return None
        return walk.last_seq, "the head row is missing (audit_head was deleted)"
    seq, digest = head
    if seq > walk.last_seq:
        return walk.last_seq + 1, (
            f"head points at entry {seq} but the chain ends at entry {walk.last_seq} "
            "(entries were removed from the end)")
    if seq < walk.last_seq:
        return seq + 1, (
            f"head points at entry {seq} but the chain goes on to entry {walk.last_seq} "
            "(entries were appended without moving the head)")
    if digest != walk.last_hash:
        return seq, f"head's hash does not match entry {seq}'s hash (head was altered)"
    return None


def _checkpoint_problem(published: Mapping[int, str],
                        walk: _ChainWalk) -> tuple[int, str] | None:
    """A checkpoint beyond the chain's end: entries were cut off and the head moved back."""
    beyond = [seq for seq in published if seq > walk.last_seq]
    if not beyond:
        return None
    return walk.last_seq + 1, (
        f"a checkpoint was published for entry {max(beyond)} but the chain ends at entry "
        f"{walk.last_seq} (entries were removed from the end and the head moved back)")
