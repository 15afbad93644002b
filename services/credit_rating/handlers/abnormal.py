"""The 经营异常名录 (abnormal operations list, CR-5): a department puts an entity on it and
moves it off again (only the listing department, 谁列入谁移出); anyone with a token reads
an entity's listings. Each change re-grades the entity, which keeps its lists."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.credit_rating.bootstrap import CreditContext
from services.credit_rating.handlers.errors import not_after_today
from services.credit_rating.handlers.list_commands import AbnormalEntry, AbnormalRemoval
from services.credit_rating.handlers.steps.abnormal_list import announce_change, list_on_abnormal
from services.credit_rating.handlers.steps.recording import find_entity
from services.credit_rating.handlers.steps.regrading import regrade
from services.credit_rating.models import AbnormalListing
from shared.access import actor_of, ensure_owner
from shared.auth import Caller
from shared.db import UnitOfWork
from shared.errors import Conflict, NotFound


async def put_on_abnormal_list(ctx: CreditContext, uow: UnitOfWork, uscc: str,
                               entry: AbnormalEntry, *, caller: Caller) -> AbnormalListing:
    """列入 by the caller's own department, decided by today."""
    ensure_owner(caller, entry.department, "the listing named in the body",
                 "list entities only in your own department's name")
    not_after_today(entry.listed_on, ctx.clock.today(), "body.listed_on")
    return await list_on_abnormal(ctx, uow, uscc, department=caller.dept, reason=entry.reason,
                                  listed_on=entry.listed_on, actor=actor_of(caller))


async def move_off_abnormal_list(ctx: CreditContext, uow: UnitOfWork, listing_id: str,
                                 removal: AbnormalRemoval, *, caller: Caller) -> AbnormalListing:
    """移出: only the listing department; a blacklisting it caused ends with it."""
    listing = await get_listing(uow.session, listing_id)
    ensure_owner(caller, listing.department, f"abnormal listing {listing_id}",
                 f"only {listing.department}, which listed the entity, moves it off")
    today = ctx.clock.today()
    not_after_today(removal.removed_on, today, "body.removed_on")
    if listing.removed_on is not None:
        raise Conflict("Already moved off", f"listing {listing.id} was moved off on "
                       f"{listing.removed_on}", "abnormal-listing-removed")
    if removal.removed_on < listing.listed_on:
        raise Conflict("Removal before listing", f"removed_on {removal.removed_on} is "
                       f"before listed_on {listing.listed_on}", "removal-before-listing")
    listing.removed_on, listing.removal_reason = removal.removed_on, removal.reason
    await uow.session.flush()
    actor = actor_of(caller)
    await announce_change(uow, listing, actor, "credit.abnormal.removed")
    await regrade(ctx, uow, listing.uscc, today, actor=actor)
    return listing


async def get_listing(session: AsyncSession, listing_id: str) -> AbnormalListing:
    listing = await session.get(AbnormalListing, listing_id)
    if listing is None:
        raise NotFound("abnormal listing", listing_id, "list an entity's listings with "
                       "GET /v1/entities/{uscc}/abnormal-listings")
    return listing


async def abnormal_listings(session: AsyncSession, uscc: str) -> list[AbnormalListing]:
    """An entity's listings, newest first."""
    await find_entity(session, uscc)
    return list(await session.scalars(select(AbnormalListing).where(
        AbnormalListing.uscc == uscc).order_by(AbnormalListing.listed_on.desc())))
