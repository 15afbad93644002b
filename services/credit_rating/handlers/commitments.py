"""Credit commitments (信用承诺, CR-4): a department registers one made to it, finds it
false or confirms it kept; anyone with a token reads them.

Only the department a commitment was made to registers, breaches or keeps it through
the API (谁主管谁负责); another department's finding reaches it as an inspection event
(``inspection.commitment.false.v1``, ``handlers.incoming``). A kept one adds a
``kept_commitment`` record and leaves ``credit.commitment.kept.v1``.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.credit_rating.bootstrap import CreditContext
from services.credit_rating.domain.commitments import CommitmentKind, CommitmentStatus
from services.credit_rating.domain.records import RecordKind
from services.credit_rating.handlers.commands import (
    BreachEntry,
    CommitmentEntry,
    KeptEntry,
    RecordEntry,
)
from services.credit_rating.handlers.errors import not_after_today
from services.credit_rating.handlers.steps.commitment_book import (
    add_commitment,
    breach,
    commitment_row,
    ensure_settleable,
    find_commitment,
    settle,
)
from services.credit_rating.handlers.steps.recording import find_entity, store_record
from services.credit_rating.models import Commitment
from shared.access import actor_of, ensure_owner
from shared.audit import record as audit
from shared.auth import Caller
from shared.contracts.credit_commitments import CommitmentKept
from shared.db import UnitOfWork

HINT = "only the department it was made to settles it; another department's finding " \
       "arrives from its inspection (inspection.commitment.false.v1)"


async def register_commitment(ctx: CreditContext, uow: UnitOfWork, entry: CommitmentEntry, *,
                              caller: Caller) -> Commitment:
    """Register a commitment made to the caller's own department."""
    ensure_owner(caller, entry.department, "the commitment named in the body",
                 "register only commitments made to your own department")
    await find_entity(uow.session, entry.uscc)
    commitment = commitment_row(entry.uscc, ctx.clock.now(), entry)
    await add_commitment(uow, commitment, actor=actor_of(caller))
    return commitment


async def breach_commitment(ctx: CreditContext, uow: UnitOfWork, commitment_id: str,
                            found: BreachEntry, *, caller: Caller) -> Commitment:
    """承诺不实: the department the commitment was made to found it false (by today)."""
    commitment = await find_commitment(uow.session, commitment_id)
    ensure_owner(caller, commitment.department, f"commitment {commitment_id}", HINT)
    not_after_today(found.found_on, ctx.clock.today(), "body.found_on")
    return await breach(ctx, uow, commitment, found, department=caller.dept,
                        actor=actor_of(caller))


async def keep_commitment(ctx: CreditContext, uow: UnitOfWork, commitment_id: str,
                          kept: KeptEntry, *, caller: Caller) -> Commitment:
    """守诺: the department the commitment was made to confirms it was kept (by today); a
    ``kept_commitment`` record of that department is added."""
    commitment = await find_commitment(uow.session, commitment_id)
    ensure_owner(caller, commitment.department, f"commitment {commitment_id}", HINT)
    not_after_today(kept.kept_on, ctx.clock.today(), "body.kept_on")
    ensure_settleable(commitment, CommitmentStatus.KEPT)
    kind, actor = CommitmentKind(commitment.kind), actor_of(caller)
    entry = RecordEntry(kind=RecordKind.KEPT_COMMITMENT, department=caller.dept,
                        decided_on=kept.kept_on,
                        legal_basis=f"履行信用承诺: {kind.chinese}承诺 {commitment.id}")
    record = await store_record(ctx, uow, commitment.uscc, entry, actor=actor)
    settle(commitment, CommitmentStatus.KEPT, record.id, kept.kept_on, caller.dept, kept.note)
    await uow.session.flush()
    await audit(uow, actor=actor, action="credit.commitment.kept", subject=commitment.uscc,
                detail={"commitment_id": commitment.id, "record_id": record.id})
    uow.emit(CommitmentKept(
        commitment_id=commitment.id, uscc=commitment.uscc, kind=kind.value,
        department=caller.dept, record_id=record.id, kept_on=kept.kept_on))
    return commitment


async def get_commitment(session: AsyncSession, commitment_id: str) -> Commitment:
    return await find_commitment(session, commitment_id)


async def list_commitments(session: AsyncSession, uscc: str) -> list[Commitment]:
    """An entity's commitments, newest first."""
    await find_entity(session, uscc)
    found = await session.scalars(select(Commitment).where(Commitment.uscc == uscc)
                                  .order_by(Commitment.made_on.desc(),
                                            Commitment.created_at.desc()))
    return list(found)
