"""Listing decision routes (列入决定, CR-5): records propose a listing on the 严重失信主体名单;
a reviewer of the department that made them confirms it (with the day the entity was
notified and the decision's day and reference) or declines it; any department reads."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from services.credit_rating.api.deps import Ctx, id_path
from services.credit_rating.handlers.blacklisting import (
    confirm_listing,
    decline_listing,
    get_proposal,
    list_proposals,
)
from services.credit_rating.handlers.list_commands import ListingConfirmation, ListingDeclination
from services.credit_rating.list_schemas import ProposalView
from shared.access import Reviewer
from shared.auth import CallerDep
from shared.uscc import USCC
from shared.web.deps import ReaderDep, UnitOfWorkDep
from shared.web.openapi import problems

router = APIRouter(prefix="/v1/blacklist-proposals")
ProposalId = Annotated[str, id_path("listing proposal")]


@router.get("", response_model=list[ProposalView],
            summary="Proposed listings, oldest first: status=proposed are waiting for their "
            "department's decision")
async def listing(_caller: CallerDep, session: ReaderDep,
                  status: Literal["proposed", "confirmed", "declined"] | None = Query(
                      default=None, description="proposed, confirmed or declined"),
                  department: str | None = Query(default=None, max_length=32,
                                                 pattern=r"^[0-9A-Za-z-]+$",
                                                 description="the department that decides"),
                  uscc: USCC | None = Query(default=None),
                  limit: int = Query(default=100, ge=1, le=500)) -> list[ProposalView]:
    found = await list_proposals(session, status=status, department=department, uscc=uscc,
                                 limit=limit)
    return [ProposalView.model_validate(proposal) for proposal in found]


@router.get("/{proposal_id:key}", response_model=ProposalView, responses=problems(404),
            summary="A proposed listing and its decision")
async def read(proposal_id: ProposalId, _caller: CallerDep,
               session: ReaderDep) -> ProposalView:
    return ProposalView.model_validate(await get_proposal(session, proposal_id))


@router.post("/{proposal_id:key}:confirm", response_model=ProposalView,
             responses=problems(404, 409),
             summary="列入决定: a reviewer of the proposing department lists the entity, "
             "notified and heard first (other departments: 403)")
async def confirm(proposal_id: ProposalId, confirmation: ListingConfirmation, caller: Reviewer,
                  ctx: Ctx, uow: UnitOfWorkDep) -> ProposalView:
    return ProposalView.model_validate(await confirm_listing(ctx, uow, proposal_id,
                                                             confirmation, caller=caller))


@router.post("/{proposal_id:key}:decline", response_model=ProposalView,
             responses=problems(404, 409),
             summary="A reviewer of the proposing department does not list the entity "
             "(other departments: 403)")
async def decline(proposal_id: ProposalId, declination: ListingDeclination, caller: Reviewer,
                  ctx: Ctx, uow: UnitOfWorkDep) -> ProposalView:
    return ProposalView.model_validate(await decline_listing(ctx, uow, proposal_id,
                                                             declination, caller=caller))
