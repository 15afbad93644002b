"""经营异常名录 routes (CR-5): an officer lists an entity in their department's name and
only the listing department moves it off; any token reads an entity's listings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from services.credit_rating.api.deps import Ctx, UsccPath, id_path
from services.credit_rating.handlers.abnormal import (
    abnormal_listings,
    move_off_abnormal_list,
    put_on_abnormal_list,
)
from services.credit_rating.handlers.list_commands import AbnormalEntry, AbnormalRemoval
from services.credit_rating.schemas import AbnormalListingView
from shared.access import Officer
from shared.auth import CallerDep
from shared.web.deps import ReaderDep, UnitOfWorkDep
from shared.web.openapi import problems

router = APIRouter(prefix="/v1")
ListingId = Annotated[str, id_path("listing")]


@router.post("/entities/{uscc}/abnormal-listings", status_code=201,
             response_model=AbnormalListingView, responses=problems(404),
             summary="列入经营异常名录 by your department; after the rule's years (3) on it "
             "without a break the entity goes on the serious-dishonesty list")
async def put_on(uscc: UsccPath, entry: AbnormalEntry, caller: Officer, ctx: Ctx,
                 uow: UnitOfWorkDep) -> AbnormalListingView:
    listing = await put_on_abnormal_list(ctx, uow, uscc, entry, caller=caller)
    return AbnormalListingView.model_validate(listing)


@router.get("/entities/{uscc}/abnormal-listings", response_model=list[AbnormalListingView],
            responses=problems(404), summary="An entity's 经营异常名录 listings, newest first")
async def listing(uscc: UsccPath, _caller: CallerDep,
                  session: ReaderDep) -> list[AbnormalListingView]:
    return [AbnormalListingView.model_validate(row)
            for row in await abnormal_listings(session, uscc)]


@router.post("/abnormal-listings/{listing_id:key}:remove",
             response_model=AbnormalListingView,
             responses=problems(404, 409),
             summary="移出经营异常名录: only the listing department (others: 403); a "
             "serious listing it caused ends")
async def move_off(listing_id: ListingId, removal: AbnormalRemoval, caller: Officer, ctx: Ctx,
                   uow: UnitOfWorkDep) -> AbnormalListingView:
    listing = await move_off_abnormal_list(ctx, uow, listing_id, removal, caller=caller)
    return AbnormalListingView.model_validate(listing)
