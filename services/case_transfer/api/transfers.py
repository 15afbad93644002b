"""Transfer routes (案件移送, CT-1): transfer a case or clue, accept or return one, and
the transfers to and from your department (情况通报)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter

from services.case_transfer.api.deps import ContextDep, Identifier, Limit, Offset
from services.case_transfer.handlers import transfers
from services.case_transfer.handlers.commands import Acceptance, Reasoned, TransferOrder
from services.case_transfer.queries import cases
from services.case_transfer.schemas import TransferView
from shared.access import Officer
from shared.auth import CallerDep
from shared.web.deps import ReaderDep, UnitOfWorkDep
from shared.web.openapi import problems

router = APIRouter(prefix="/v1")
STEP = problems(404, 409)


@router.post("/cases/{case_id}/transfers", status_code=201, response_model=TransferView,
             responses=STEP, summary="移送 a case or clue to another department or region "
             "(case.transferred.v1); the receiver answers within the rule's working days")
async def transfer(case_id: Identifier, body: TransferOrder, caller: Officer, ctx: ContextDep,
                   uow: UnitOfWorkDep) -> TransferView:
    moved = await transfers.transfer(ctx, uow, case_id, body, caller, ctx.clock.now())
    return TransferView.model_validate(moved)


@router.post("/transfers/{transfer_id}/acceptance", response_model=TransferView,
             responses=STEP, summary="接收 a transfer to your department (case.accepted.v1); "
             "a case names your investigators (≥ 2)")
async def accept(transfer_id: Identifier, body: Acceptance, caller: Officer, ctx: ContextDep,
                 uow: UnitOfWorkDep) -> TransferView:
    done = await transfers.accept(ctx, uow, transfer_id, body, caller, ctx.clock.now())
    return TransferView.model_validate(done)


@router.post("/transfers/{transfer_id}/return", response_model=TransferView, responses=STEP,
             summary="退回 a transfer to your department, with the reason (case.returned.v1)")
async def give_back(transfer_id: Identifier, body: Reasoned, caller: Officer,
                    ctx: ContextDep, uow: UnitOfWorkDep) -> TransferView:
    done = await transfers.give_back(ctx, uow, transfer_id, body.reason, caller,
                                     ctx.clock.now())
    return TransferView.model_validate(done)


@router.get("/transfers", response_model=list[TransferView],
            summary="Transfers to (incoming) or from (outgoing) your department, newest first")
async def listing(caller: CallerDep, session: ReaderDep,
                  direction: Literal["incoming", "outgoing"] = "incoming",
                  status: Literal["pending", "accepted", "returned"] | None = None,
                  limit: Limit = 50, offset: Offset = 0) -> list[TransferView]:
    return await cases.list_transfers(session, caller, direction, status, limit, offset)
