"""Credit commitment routes (信用承诺, CR-4): the department a commitment was made to
registers it, finds it false or confirms it kept; any token reads them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter

from services.credit_rating.api.deps import Ctx, UsccPath, id_path
from services.credit_rating.handlers.commands import BreachEntry, CommitmentEntry, KeptEntry
from services.credit_rating.handlers.commitments import (
    breach_commitment,
    get_commitment,
    keep_commitment,
    list_commitments,
    register_commitment,
)
from services.credit_rating.schemas import CommitmentView
from shared.access import Officer
from shared.auth import CallerDep
from shared.web.deps import ReaderDep, UnitOfWorkDep
from shared.web.openapi import problems

router = APIRouter(prefix="/v1")
CommitmentId = Annotated[str, id_path("commitment")]


@router.post("/commitments", status_code=201, response_model=CommitmentView,
             responses=problems(404),
             summary="Register a credit commitment made to your department")
async def register(entry: CommitmentEntry, caller: Officer, ctx: Ctx,
                   uow: UnitOfWorkDep) -> CommitmentView:
    commitment = await register_commitment(ctx, uow, entry, caller=caller)
    return CommitmentView.model_validate(commitment)


@router.get("/commitments/{commitment_id:key}", response_model=CommitmentView,
            responses=problems(404), summary="A credit commitment")
async def read(commitment_id: CommitmentId, _caller: CallerDep,
               session: ReaderDep) -> CommitmentView:
    return CommitmentView.model_validate(await get_commitment(session, commitment_id))


@router.get("/entities/{uscc}/commitments", response_model=list[CommitmentView],
            responses=problems(404), summary="An entity's credit commitments, newest first")
async def listing(uscc: UsccPath, _caller: CallerDep,
                  session: ReaderDep) -> list[CommitmentView]:
    return [CommitmentView.model_validate(c) for c in await list_commitments(session, uscc)]


@router.post("/commitments/{commitment_id:key}:breach",
             response_model=CommitmentView,
             responses=problems(404, 409),
             summary="承诺不实: the commitment made to your department was found false; a "
             "negative record is added and credit.commitment.breached.v1 tells the "
             "approval to be revoked")
async def breach(commitment_id: CommitmentId, found: BreachEntry, caller: Officer, ctx: Ctx,
                 uow: UnitOfWorkDep) -> CommitmentView:
    commitment = await breach_commitment(ctx, uow, commitment_id, found, caller=caller)
    return CommitmentView.model_validate(commitment)


@router.post("/commitments/{commitment_id:key}:keep",
             response_model=CommitmentView,
             responses=problems(404, 409),
             summary="守诺: the commitment made to your department was kept (positive record)")
async def keep(commitment_id: CommitmentId, kept: KeptEntry, caller: Officer, ctx: Ctx,
               uow: UnitOfWorkDep) -> CommitmentView:
    commitment = await keep_commitment(ctx, uow, commitment_id, kept, caller=caller)
    return CommitmentView.model_validate(commitment)
