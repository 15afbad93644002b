"""One intake for every channel (统一受理, CP-1), accept first: check what needs no
database, seal the reporter, store the filing with one insert and answer the receipt
code at once; the intake worker (``handlers.filing_worker``) then matches, routes (or
queues for the 12345 office's triage), links duplicates, dates the legal deadlines,
audits and announces it (``handlers.routing``), exactly once, within a bounded delay.

What is refused before the answer: the day received (``received_on``: the public's is
today, a relaying department's within the rules), a subject named neither by USCC nor
by name (422), and a restricted reporter past their public quota (429, from the marks
kept in memory, ``handlers.restricted``). The HTTP edge has already checked the body,
the channel, the hotline role and the public rate limit.

Filings accepted at the same moment are inserted together (a group commit,
``shared.group_commit``): one executemany and one commit for all of them; each filer is
answered once their filing has committed, and the worker is woken then.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from services.complaint_intake.domain.lifecycle import Channel, Status
from services.complaint_intake.domain.receipts import new_receipt_code
from services.complaint_intake.handlers.errors import SubjectMissing
from services.complaint_intake.handlers.filing import ComplaintFiling
from services.complaint_intake.handlers.reception import received_day_of
from services.complaint_intake.handlers.reporters import IDENTIFIERS, seal_reporter
from services.complaint_intake.models import AcceptedFiling
from shared.bulk_rows import insert_dicts
from shared.db import Database
from shared.group_commit import GroupCommit
from shared.ids import new_id
from shared.observability import current_traceparent

if TYPE_CHECKING:
    from services.complaint_intake.bootstrap import IntakeContext

_filings = AcceptedFiling.__table__
_SEALED = ("key_id", "nonce", "ciphertext", "reporter_index",
           *(f"{name}_index" for name in IDENTIFIERS))
_ANONYMOUS = dict.fromkeys(_SEALED)


@dataclass(frozen=True)
class Accepted:
    """What the filer is told at once (受理回执): the receipt code to follow it by and
    the day received; where it went, whether it repeats another and its deadlines
    show on the receipt once the worker has routed it."""

    complaint_id: str
    receipt_code: str
    received_on: date
    status: str = Status.RECEIVED.value


async def accepted_row(ctx: IntakeContext, filing: ComplaintFiling, *, channel: Channel,
                       actor: str, at: datetime) -> dict[str, Any]:
    """The ``filings`` row of ``filing``, its reporter sealed; 422 and 429 raised here."""
    received_on = received_day_of(ctx, filing, channel, at)
    subject = filing.subject
    if not subject.uscc and not subject.name:
        raise SubjectMissing()
    complaint_id = new_id()  # time-ordered: the worker takes the oldest first
    identity = seal_reporter(ctx.vault, filing.reporter, complaint_id)
    if channel is Channel.PUBLIC:  # a hotline relaying a call is not limited
        await ctx.restricted.charge(ctx.database, ctx.restricted_quota, identity,
                                    received_on, ctx.rules)
    sealed = _ANONYMOUS if identity is None else {name: identity[name] for name in _SEALED}
    return {
        "id": complaint_id, "receipt_code": new_receipt_code(ctx.rules.receipts.digits),
        "kind": filing.kind.value, "channel": channel.value, "category": filing.category,
        "region": filing.region, "uscc": subject.uscc, "subject_name": subject.name,
        "subject_address": subject.address, "description": filing.description,
        "attachments": list(filing.attachments),
        "internal_whistleblower": filing.internal_whistleblower, "received_at": at,
        "received_on": received_on, "filed_by": actor,
        "traceparent": current_traceparent(), **sealed, "attempts": 0, "retry_at": None}


class Intake:
    """The intake desk of one app: accepts each filing, inserts them in group commits,
    and wakes whoever listens (the app's worker) after each commit.

    The listening worker may ask the desk to hold the rows committed from then on
    (``hold``, at most ``held`` of them) and take them from memory (``take``), so it
    need not read back what this process has just written. The database stays what
    decides (the worker claims each row by deleting it); when the desk is full it
    holds nothing more until asked again (``drop``), and the worker reads the rows
    from the database, oldest first."""

    def __init__(self, db: Database, max_batch: int = 256, held: int = 20_000) -> None:
        self.database = db
        self._group: GroupCommit[dict[str, Any], None] = GroupCommit(self._write, max_batch)
        self._listeners: list[Callable[[], None]] = []
        self._fresh: deque[dict[str, Any]] = deque()
        self._holding = False
        self.held = held
        self.committed_at = float("-inf")  # time.monotonic() of the last commit

    @property
    def batches(self) -> int:
        """Group commits of accepted filings so far."""
        return self._group.batches

    def listen(self, wake: Callable[[], None]) -> Callable[[], None]:
        """Call ``wake()`` after each commit of accepted filings; returns the undo."""
        self._listeners.append(wake)

        def undo() -> None:
            self._listeners.remove(wake)
            if not self._listeners:
                self.drop()

        return undo

    def hold(self) -> None:
        """Hold the rows committed from now on for ``take`` (while someone listens);
        those held so far are let go: the database has them."""
        self._fresh.clear()
        self._holding = bool(self._listeners)

    def drop(self) -> None:
        """Hold nothing more, and let go of what is held (the database has it)."""
        self._fresh.clear()
        self._holding = False

    @property
    def holding(self) -> bool:
        return self._holding

    def arriving(self, within: float) -> bool:
        """Whether filings were committed in the last ``within`` seconds."""
        return time.monotonic() - self.committed_at < within

    def take(self, limit: int) -> list[dict[str, Any]]:
        """Up to ``limit`` of the rows held, oldest first (each given once)."""
        fresh = self._fresh
        return [fresh.popleft() for _ in range(min(limit, len(fresh)))]

    async def file(self, ctx: IntakeContext, filing: ComplaintFiling, *, channel: Channel,
                   actor: str, at: datetime) -> Accepted:
        """Store ``filing`` for the worker and say how to follow it."""
        row = await accepted_row(ctx, filing, channel=channel, actor=actor, at=at)
        await self._group.submit(row)
        return Accepted(row["id"], row["receipt_code"], row["received_on"])

    async def _write(self, rows: Sequence[dict[str, Any]]) -> list[None]:
        async with self.database.unit_of_work() as uow:
            await insert_dicts(uow.session, _filings, rows)
        self.committed_at = time.monotonic()
        if self._holding:
            if len(self._fresh) + len(rows) <= self.held:
                self._fresh.extend(rows)
            else:  # a gap would leave these behind newer ones: the database goes first
                self.drop()
        for wake in self._listeners:
            wake()
        return [None] * len(rows)
