"""Listing on the 严重失信主体名单 is a decision (列入决定, CR-5, issue 16.5).

Records that call for a listing are proposed to the department that made them
(``steps.list_keeping``, ``credit.blacklist.proposed.v1``). That department notifies the
entity of the grounds and its right to be heard (告知), waits the rule's working days
for its statement (陈述、申辩), and confirms the listing (from the day it decides) or
declines it; ``credit.blacklist.decided.v1`` announces either, and a confirmation lists
the entity (``credit.blacklist.changed.v1``) once the entity is re-graded.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.credit_rating.bootstrap import CreditContext
from services.credit_rating.domain.publicity import weighs_on
from services.credit_rating.handlers.errors import not_after_today, unusable
from services.credit_rating.handlers.list_commands import ListingConfirmation, ListingDeclination
from services.credit_rating.handlers.steps.facts import (
    CONFIRMED,
    DECLINED,
    PROPOSED,
    record_facts,
    records_of,
)
from services.credit_rating.handlers.steps.regrading import regrade
from services.credit_rating.models import BlacklistProposal
from shared.access import actor_of, ensure_owner
from shared.audit import record as audit
from shared.auth import Caller
from shared.contracts.credit_lists import BlacklistDecided
from shared.db import UnitOfWork
from shared.errors import Conflict, NotFound
from shared.workdays import deadline


async def confirm_listing(ctx: CreditContext, uow: UnitOfWork, proposal_id: str,
                          confirmation: ListingConfirmation, *,
                          caller: Caller) -> BlacklistProposal:
    """列入决定 by the proposal's department: the entity notified after the finding the
    listing rests on, heard for the rule's working days before the decision (dated by
    today), and at least one of the records still weighs."""
    session, today, rules = uow.session, ctx.clock.today(), ctx.rules
    proposal = await _pending(session, proposal_id, caller)
    not_after_today(confirmation.decided_on, today, "body.decided_on")
    behind = set(proposal.record_ids)
    records = [record_facts(r) for r in (await session.execute(records_of(proposal.uscc)))
               if r.id in behind]
    found = max((r.decided_on for r in records), default=proposal.proposed_on)
    if confirmation.notified_on < found:
        unusable("body.notified_on", f"{confirmation.notified_on.isoformat()} is before the "
                 f"finding the listing rests on ({found.isoformat()}); the notice follows it")
    heard_until = deadline(confirmation.notified_on, rules.blacklist.listing.statement_workdays)
    if confirmation.decided_on <= heard_until:
        unusable("body.decided_on", f"the entity may state its case until "
                 f"{heard_until.isoformat()} ({rules.blacklist.listing.statement_workdays} "
                 f"working days after the notice); decide on "
                 f"{(heard_until + timedelta(days=1)).isoformat()} or later")
    if not any(weighs_on(r, today, rules) for r in records):
        raise Conflict("Records no longer weigh",
                       f"the records behind proposal {proposal.id} are repaired, removed or "
                       "past their publicity; decline it instead", "proposal-lapsed",
                       record_ids=proposal.record_ids)
    proposal.status, proposal.notified_on = CONFIRMED, confirmation.notified_on
    proposal.decided_on, proposal.decision_ref = confirmation.decided_on, \
        confirmation.decision_ref
    proposal.note = confirmation.note
    return await _decided(ctx, uow, proposal, caller, regrade_entity=True)


async def decline_listing(ctx: CreditContext, uow: UnitOfWork, proposal_id: str,
                          declination: ListingDeclination, *,
                          caller: Caller) -> BlacklistProposal:
    """The proposal's department does not list the entity (today); its records are not
    proposed again."""
    proposal = await _pending(uow.session, proposal_id, caller)
    proposal.status, proposal.decided_on = DECLINED, ctx.clock.today()
    proposal.note = declination.note
    return await _decided(ctx, uow, proposal, caller, regrade_entity=False)


async def _pending(session: AsyncSession, proposal_id: str,
                   caller: Caller) -> BlacklistProposal:
    proposal = await get_proposal(session, proposal_id)
    ensure_owner(caller, proposal.department, f"listing proposal {proposal_id}",
                 f"only {proposal.department}, which made its records, decides it")
    if proposal.status != PROPOSED:
        raise Conflict("Proposal already decided", f"listing proposal {proposal_id} was "
                       f"{proposal.status} on {proposal.decided_on}", "proposal-decided",
                       current_status=proposal.status)
    return proposal


async def _decided(ctx: CreditContext, uow: UnitOfWork, proposal: BlacklistProposal,
                   caller: Caller, *, regrade_entity: bool) -> BlacklistProposal:
    await uow.session.flush()
    actor = actor_of(caller)
    await audit(uow, actor=actor, action=f"credit.blacklist.{proposal.status}",
                subject=proposal.uscc,
                detail={"proposal_id": proposal.id, "record_ids": proposal.record_ids,
                        "notified_on": proposal.notified_on.isoformat()
                        if proposal.notified_on else None,
                        "decided_on": proposal.decided_on.isoformat()
                        if proposal.decided_on else None,
                        "decision_ref": proposal.decision_ref, "note": proposal.note})
    assert proposal.decided_on is not None
    uow.emit(BlacklistDecided(
        proposal_id=proposal.id, uscc=proposal.uscc, department=proposal.department,
        outcome=proposal.status, record_ids=list(proposal.record_ids),  # type: ignore[arg-type]
        notified_on=proposal.notified_on, decided_on=proposal.decided_on))
    if regrade_entity:
        await regrade(ctx, uow, proposal.uscc, ctx.clock.today(), actor=actor)
    return proposal


async def get_proposal(session: AsyncSession, proposal_id: str) -> BlacklistProposal:
    proposal = await session.get(BlacklistProposal, proposal_id)
    if proposal is None:
        raise NotFound("listing proposal", proposal_id,
                       "list them with GET /v1/blacklist-proposals")
    return proposal


async def list_proposals(session: AsyncSession, *, status: str | None,
                         department: str | None, uscc: str | None,
                         limit: int) -> list[BlacklistProposal]:
    """Proposals, oldest first (at most ``limit``), by status, department and entity."""
    query = proposals_query(status=status, department=department, uscc=uscc)
    if uscc is None:
        return list(await session.scalars(query.limit(limit)))
    found = [p for p in await session.scalars(query)
             if (status is None or p.status == status)
             and (department is None or p.department == department)]
    return found[:limit]


def proposals_query(*, status: str | None = None, department: str | None = None,
                    uscc: str | None = None) -> Select[tuple[BlacklistProposal]]:
    """What ``list_proposals`` reads, oldest first: an entity's proposals alone
    (``ix_blacklist_proposals_uscc``; the rest is checked on them), or all that match.
    With the status beside the entity, SQLite (no statistics) walked every proposal in
    that status (1.3 ms at 200,000 entities)."""
    query = select(BlacklistProposal).order_by(BlacklistProposal.proposed_on,
                                               BlacklistProposal.id)
    if uscc is not None:
        return query.where(BlacklistProposal.uscc == uscc)
    if status is not None:
        query = query.where(BlacklistProposal.status == status)
    if department is not None:
        query = query.where(BlacklistProposal.department == department)
    return query
