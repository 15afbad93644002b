"""经营异常名录 routes (CR-5): a department lists an entity and moves it off; anyone
authenticated reads an entity's listings."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from services.credit_rating.abnormal_schemas import (
    AbnormalEntry,
    AbnormalListingView,
    AbnormalRemoval,
)
from services.credit_rating.api.deps import CreditRulesDep, PersonKeyDep, UsccPath, actor
from services.credit_rating.handlers.abnormal import (
    abnormal_listings,
    move_off_abnormal_list,
    put_on_abnormal_list,
)
from services.credit_rating.handlers.facts import today
from shared.auth import CallerDep
from shared.web.deps import OutboxDep, ReaderDep, UnitOfWorkDep

router = APIRouter(prefix="/v1")
ListingId = Annotated[str, Path(max_length=36, description="the listing's id")]


@router.post("/entities/{uscc}/abnormal-listings", status_code=201,
             response_model=AbnormalListingView,
             summary="列入经营异常名录 by your department; after the rule's years (3) on it "
             "without a break the entity goes on the serious-dishonesty list")
async def put_on(uscc: UsccPath, entry: AbnormalEntry, caller: CallerDep, uow: UnitOfWorkDep,
                 outbox: OutboxDep, rules: CreditRulesDep,
                 person_key: PersonKeyDep) -> AbnormalListingView:
    listing = await put_on_abnormal_list(uow, outbox, rules, uscc, entry,
                                         department=caller.dept, actor=actor(caller),
                                         as_of=today(), person_key=person_key)
    return AbnormalListingView.model_validate(listing)


@router.get("/entities/{uscc}/abnormal-listings", response_model=list[AbnormalListingView],
            summary="An entity's 经营异常名录 listings, newest first")
async def listing(uscc: UsccPath, _caller: CallerDep,
                  session: ReaderDep) -> list[AbnormalListingView]:
    return [AbnormalListingView.model_validate(row)
            for row in await abnormal_listings(session, uscc)]


@router.post("/abnormal-listings/{listing_id}:remove", response_model=AbnormalListingView,
             summary="移出经营异常名录: only the listing department; a serious listing it "
             "caused ends")
async def move_off(listing_id: ListingId, removal: AbnormalRemoval, caller: CallerDep,
                   uow: UnitOfWorkDep, outbox: OutboxDep, rules: CreditRulesDep,
                   person_key: PersonKeyDep) -> AbnormalListingView:
    listing = await move_off_abnormal_list(uow, outbox, rules, listing_id, removal,
                                           department=caller.dept, actor=actor(caller),
                                           as_of=today(), person_key=person_key)
    return AbnormalListingView.model_validate(listing)
