"""Keeping the 经营异常名录 (abnormal operations list, CR-5): the steps of putting an entity
on it (a department's decision, or an inspection that found it unreachable) and of
forewarning the serious listing it leads to.

Three years on the list without a break put the entity on the 严重违法失信名单
(``domain.blacklist``), forewarned ``warning_days`` before (``credit.abnormal.warning.v1``,
once per listing). Every change re-grades the entity, which keeps its lists.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import select

from services.credit_rating.bootstrap import CreditContext
from services.credit_rating.domain.periods import add_years
from services.credit_rating.handlers.steps.recording import find_entity
from services.credit_rating.handlers.steps.regrading import regrade
from services.credit_rating.handlers.steps.versions import next_version
from services.credit_rating.models import AbnormalListing
from shared.audit import record as audit
from shared.contracts.credit_lists import AbnormalListingChanged, AbnormalListingWarning
from shared.db import UnitOfWork


async def list_on_abnormal(ctx: CreditContext, uow: UnitOfWork, uscc: str, *, department: str,
                           reason: str, listed_on: date, actor: str,
                           listing_id: str | None = None) -> AbnormalListing:
    """列入: ``department`` lists the entity; a listing dated years back may blacklist it.
    ``listing_id``: one derived from the event that listed it (default: a new UUID)."""
    await find_entity(uow.session, uscc)
    listing = AbnormalListing(id=listing_id or str(uuid.uuid4()), uscc=uscc,
                              department=department, reason=reason, listed_on=listed_on,
                              created_at=ctx.clock.now())
    uow.session.add(listing)
    await uow.session.flush()
    await announce_change(uow, listing, actor, "credit.abnormal.listed")
    await regrade(ctx, uow, uscc, ctx.clock.today(), actor=actor)
    return listing


async def announce_change(uow: UnitOfWork, listing: AbnormalListing, actor: str,
                          action: str) -> None:
    """Audit ``action`` on ``listing`` and leave ``credit.abnormal.changed.v1`` at the
    listing's next version (1 when it was just made)."""
    await audit(uow, actor=actor, action=action, subject=listing.uscc, detail={
        "listing_id": listing.id, "department": listing.department, "reason": listing.reason,
        "listed_on": listing.listed_on.isoformat(),
        "removed_on": listing.removed_on.isoformat() if listing.removed_on else None})
    version = await next_version(uow.session, listing)
    uow.emit(AbnormalListingChanged(
        listing_id=listing.id, uscc=listing.uscc, listed=listing.removed_on is None,
        department=listing.department, reason=listing.reason, listed_on=listing.listed_on,
        removed_on=listing.removed_on, version=version))


async def announce_abnormal_warnings(ctx: CreditContext, uow: UnitOfWork, as_of: date, *,
                                     actor: str) -> int:
    """预警: each listing still in force that reaches the rule's years within
    ``warning_days`` of ``as_of`` is forewarned once; the count."""
    rule = ctx.rules.abnormal_list
    soon = add_years(as_of + timedelta(days=rule.warning_days), -rule.serious_after_years)
    past = add_years(as_of, -rule.serious_after_years)
    due = list(await uow.session.scalars(select(AbnormalListing).where(
        AbnormalListing.removed_on.is_(None), AbnormalListing.warned_on.is_(None),
        AbnormalListing.listed_on <= soon, AbnormalListing.listed_on > past)))
    for listing in due:
        listing.warned_on = as_of
        uow.emit(AbnormalListingWarning(
            listing_id=listing.id, uscc=listing.uscc, department=listing.department,
            listed_on=listing.listed_on,
            serious_on=add_years(listing.listed_on, rule.serious_after_years)))
    if due:
        await audit(uow, actor=actor, action="credit.abnormal.warned", subject=None,
                    detail={"listings": [listing.id for listing in due]})
    return len(due)
