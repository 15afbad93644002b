"""The 经营异常名录 (abnormal operations list, CR-5): a department puts an entity on it and
moves it off; three years on it without a break put the entity on the 严重违法失信名单
(``domain.blacklist``), forewarned ``warning_days`` before (``credit.abnormal.warning.v1``,
once per listing). Every change re-grades the entity, which keeps its lists."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.credit_rating.abnormal_schemas import AbnormalEntry, AbnormalRemoval
from services.credit_rating.domain.periods import add_years
from services.credit_rating.domain.rules import CreditRules
from services.credit_rating.handlers.errors import (
    EntityNotFound,
    NotDecidingDepartment,
    NotFound,
    NotYourDepartment,
    StateConflict,
)
from services.credit_rating.handlers.grading import regrade
from services.credit_rating.models import AbnormalListing, Entity
from shared.audit import record as audit
from shared.contracts.credit import AbnormalListingChanged, AbnormalListingWarning
from shared.db import UnitOfWork
from shared.messaging.outbox import Outbox


async def put_on_abnormal_list(uow: UnitOfWork, outbox: Outbox, rules: CreditRules, uscc: str,
                               entry: AbnormalEntry, *, department: str, actor: str,
                               as_of: date, person_key: bytes,
                               listing_id: str | None = None) -> AbnormalListing:
    """列入: ``department`` lists the entity; a listing dated years back may blacklist it.
    ``listing_id``: one derived from the event that listed it (default: a new UUID)."""
    if entry.department != department:
        raise NotYourDepartment(department, entry.department)
    if await uow.session.get(Entity, uscc) is None:
        raise EntityNotFound(uscc)
    listing = AbnormalListing(id=listing_id or str(uuid.uuid4()), uscc=uscc,
                              department=department,
                              reason=entry.reason, listed_on=entry.listed_on,
                              created_at=datetime.now(UTC))
    uow.session.add(listing)
    await uow.session.flush()
    await _changed(uow, outbox, listing, actor, "credit.abnormal.listed")
    await regrade(uow, outbox, rules, uscc, as_of, actor=actor, person_key=person_key)
    return listing


async def move_off_abnormal_list(uow: UnitOfWork, outbox: Outbox, rules: CreditRules,
                                 listing_id: str, removal: AbnormalRemoval, *,
                                 department: str, actor: str, as_of: date,
                                 person_key: bytes) -> AbnormalListing:
    """移出: only the listing department; a blacklisting it caused ends with it."""
    listing = await get_listing(uow.session, listing_id)
    if listing.department != department:
        raise NotDecidingDepartment(department, listing.department, "abnormal listing")
    if listing.removed_on is not None:
        raise StateConflict("Already moved off", f"listing {listing.id} was moved off on "
                            f"{listing.removed_on}", "abnormal-listing-removed")
    if removal.removed_on < listing.listed_on:
        raise StateConflict("Removal before listing", f"removed_on {removal.removed_on} is "
                            f"before listed_on {listing.listed_on}", "removal-before-listing")
    listing.removed_on, listing.removal_reason = removal.removed_on, removal.reason
    await uow.session.flush()
    await _changed(uow, outbox, listing, actor, "credit.abnormal.removed")
    await regrade(uow, outbox, rules, listing.uscc, as_of, actor=actor, person_key=person_key)
    return listing


async def get_listing(session: AsyncSession, listing_id: str) -> AbnormalListing:
    listing = await session.get(AbnormalListing, listing_id)
    if listing is None:
        raise NotFound("abnormal listing", listing_id, "list an entity's listings with "
                       "GET /v1/entities/{uscc}/abnormal-listings")
    return listing


async def abnormal_listings(session: AsyncSession, uscc: str) -> list[AbnormalListing]:
    """An entity's listings, newest first."""
    if await session.get(Entity, uscc) is None:
        raise EntityNotFound(uscc)
    return list(await session.scalars(select(AbnormalListing).where(
        AbnormalListing.uscc == uscc).order_by(AbnormalListing.listed_on.desc())))


async def announce_abnormal_warnings(uow: UnitOfWork, outbox: Outbox, rules: CreditRules,
                                     as_of: date, *, actor: str) -> int:
    """预警: each listing still in force that reaches the rule's years within
    ``warning_days`` of ``as_of`` is forewarned once; the count."""
    rule = rules.abnormal_list
    soon = add_years(as_of + timedelta(days=rule.warning_days), -rule.serious_after_years)
    past = add_years(as_of, -rule.serious_after_years)
    due = list(await uow.session.scalars(select(AbnormalListing).where(
        AbnormalListing.removed_on.is_(None), AbnormalListing.warned_on.is_(None),
        AbnormalListing.listed_on <= soon, AbnormalListing.listed_on > past)))
    for listing in due:
        listing.warned_on = as_of
        await outbox.add(uow, AbnormalListingWarning(
            listing_id=listing.id, uscc=listing.uscc, department=listing.department,
            listed_on=listing.listed_on,
            serious_on=add_years(listing.listed_on, rule.serious_after_years)))
    if due:
        await audit(uow, actor=actor, action="credit.abnormal.warned", subject=None,
                    detail={"listings": [listing.id for listing in due]})
    return len(due)


async def _changed(uow: UnitOfWork, outbox: Outbox, listing: AbnormalListing, actor: str,
                   action: str) -> None:
    await audit(uow, actor=actor, action=action, subject=listing.uscc, detail={
        "listing_id": listing.id, "department": listing.department, "reason": listing.reason,
        "listed_on": listing.listed_on.isoformat(),
        "removed_on": listing.removed_on.isoformat() if listing.removed_on else None})
    await outbox.add(uow, AbnormalListingChanged(
        listing_id=listing.id, uscc=listing.uscc, listed=listing.removed_on is None,
        department=listing.department, reason=listing.reason, listed_on=listing.listed_on,
        removed_on=listing.removed_on))
