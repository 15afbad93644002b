"""Redraw routes (重新抽取, IN-6): an officer asks with a reason; a reviewer of the lead
department, with another token than the one that asked (and than the one that will draw),
approves or refuses. The approved request is used by the task's next commitment."""

from __future__ import annotations

from fastapi import APIRouter

from services.inspection_draw.api.deps import ContextDep, Identifier
from services.inspection_draw.handlers import redraws
from services.inspection_draw.handlers.commands import RedrawAsk
from services.inspection_draw.schemas import RedrawOut
from shared.access import Officer, Reviewer
from shared.web.deps import UnitOfWorkDep
from shared.web.openapi import problems

router = APIRouter(prefix="/v1")


@router.post("/tasks/{task_id}/redraws", status_code=201, response_model=RedrawOut,
             responses=problems(404, 409),
             summary="Ask to draw a committed task again, with the reason (重新抽取申请)")
async def ask(task_id: Identifier, body: RedrawAsk, caller: Officer, uow: UnitOfWorkDep,
              ctx: ContextDep) -> RedrawOut:
    return RedrawOut.model_validate(await redraws.ask(ctx, uow, task_id, body, caller))


@router.post("/redraws/{redraw_id}:approve", response_model=RedrawOut,
             responses=problems(404, 409),
             summary="Approve a redraw request (a reviewer of the lead department, not the "
             "token that asked)")
async def approve(redraw_id: Identifier, caller: Reviewer, uow: UnitOfWorkDep,
                  ctx: ContextDep) -> RedrawOut:
    return RedrawOut.model_validate(await redraws.review(ctx, uow, redraw_id, True, caller))


@router.post("/redraws/{redraw_id}:refuse", response_model=RedrawOut,
             responses=problems(404, 409), summary="Refuse a redraw request")
async def refuse(redraw_id: Identifier, caller: Reviewer, uow: UnitOfWorkDep,
                 ctx: ContextDep) -> RedrawOut:
    return RedrawOut.model_validate(await redraws.review(ctx, uow, redraw_id, False, caller))
