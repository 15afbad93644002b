"""Credit commitment routes (信用承诺, CR-4): register, read, find false, keep."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from services.credit_rating.api.deps import CreditRulesDep, PersonKeyDep, UsccPath, actor
from services.credit_rating.commitment_schemas import (
    BreachEntry,
    CommitmentEntry,
    CommitmentView,
    KeptEntry,
)
from services.credit_rating.handlers.commitments import (
    breach_commitment,
    get_commitment,
    keep_commitment,
    list_commitments,
    register_commitment,
)
from services.credit_rating.handlers.facts import today
from shared.auth import CallerDep
from shared.web.deps import OutboxDep, ReaderDep, UnitOfWorkDep

router = APIRouter(prefix="/v1")
CommitmentId = Annotated[str, Path(max_length=36, description="the commitment's id")]


@router.post("/commitments", status_code=201, response_model=CommitmentView,
             summary="Register a credit commitment made to your department")
async def register(entry: CommitmentEntry, caller: CallerDep, uow: UnitOfWorkDep,
                   outbox: OutboxDep) -> CommitmentView:
    commitment = await register_commitment(uow, outbox, entry, actor=actor(caller),
                                           acting_department=caller.dept)
    return CommitmentView.model_validate(commitment)


@router.get("/commitments/{commitment_id}", response_model=CommitmentView,
            summary="A credit commitment")
async def read(commitment_id: CommitmentId, _caller: CallerDep,
               session: ReaderDep) -> CommitmentView:
    return CommitmentView.model_validate(await get_commitment(session, commitment_id))


@router.get("/entities/{uscc}/commitments", response_model=list[CommitmentView],
            summary="An entity's credit commitments, newest first")
async def listing(uscc: UsccPath, _caller: CallerDep,
                  session: ReaderDep) -> list[CommitmentView]:
    return [CommitmentView.model_validate(c) for c in await list_commitments(session, uscc)]


@router.post("/commitments/{commitment_id}:breach", response_model=CommitmentView,
             summary="承诺不实: your department found the commitment false; a negative "
             "record is added and credit.commitment.breached.v1 tells the approving "
             "department to revoke its decision")
async def breach(commitment_id: CommitmentId, found: BreachEntry, caller: CallerDep,
                 uow: UnitOfWorkDep, outbox: OutboxDep, rules: CreditRulesDep,
                 person_key: PersonKeyDep) -> CommitmentView:
    commitment = await breach_commitment(uow, outbox, rules, commitment_id, found,
                                         department=caller.dept, actor=actor(caller),
                                         as_of=today(), person_key=person_key)
    return CommitmentView.model_validate(commitment)


@router.post("/commitments/{commitment_id}:keep", response_model=CommitmentView,
             summary="守诺: the commitment made to your department was kept (positive record)")
async def keep(commitment_id: CommitmentId, kept: KeptEntry, caller: CallerDep,
               uow: UnitOfWorkDep, outbox: OutboxDep, rules: CreditRulesDep,
               person_key: PersonKeyDep) -> CommitmentView:
    commitment = await keep_commitment(uow, outbox, rules, commitment_id, kept,
                                       department=caller.dept, actor=actor(caller),
                                       as_of=today(), person_key=person_key)
    return CommitmentView.model_validate(commitment)
