"""Redraw requests (重新抽取申请, IN-6): an officer of the lead department asks with a reason;
a reviewer of the lead department with another token approves or refuses; the approved
request is used by the task's next commitment (``redraw_approval``). At most
``redraws.max_per_task`` redraws per task; every one is public in the task's draw list.
"""

from __future__ import annotations

from sqlalchemy import func, select

from services.inspection_draw.bootstrap import DrawContext
from services.inspection_draw.handlers.commands import RedrawAsk
from services.inspection_draw.handlers.lookups import get_plan, get_task, new_id, own_task
from services.inspection_draw.handlers.redraw_approval import (
    APPROVED,
    REFUSED,
    REQUESTED,
    RedrawCapReached,
)
from services.inspection_draw.models import CommitmentRow, RedrawRequest
from shared.access import actor_of, ensure_owner
from shared.audit import record as audit
from shared.auth import Caller
from shared.db import UnitOfWork
from shared.errors import DomainProblem, NotFound, WrongState


class SelfReview(DomainProblem):
    """The token that asked for a redraw tries to approve it (403)."""

    def __init__(self, redraw_id: str) -> None:
        super().__init__(403, "Requester may not review",
                         f"redraw {redraw_id} was asked for with this token; another token of "
                         "a reviewer of the lead department approves or refuses it",
                         "requester-may-not-review", redraw_id=redraw_id)


async def ask(ctx: DrawContext, uow: UnitOfWork, task_id: str, request: RedrawAsk,
              caller: Caller) -> RedrawRequest:
    """A redraw request of a task the caller's department leads and has committed."""
    session = uow.session
    task, _plan = await own_task(session, task_id, caller)
    made = await session.scalar(select(func.count()).select_from(CommitmentRow).where(
        CommitmentRow.task_id == task.id)) or 0
    if not made:
        raise WrongState(f"task {task.id} was never committed; its first draw needs no "
                         "approval: POST /v1/tasks/{id}/draw")
    cap = ctx.rules.redraws.max_per_task
    if made >= cap + 1:
        raise RedrawCapReached(task.id, cap)
    pending = await session.scalar(select(RedrawRequest.id).where(
        RedrawRequest.task_id == task.id, RedrawRequest.status.in_((REQUESTED, APPROVED))))
    if pending is not None:
        raise WrongState(f"task {task.id} has redraw request {pending} pending; it is approved "
                         "or refused before another is asked for", redraw_id=pending)
    row = RedrawRequest(id=new_id("RD"), task_id=task.id, reason=request.reason,
                        status=REQUESTED, requested_by=actor_of(caller),
                        requested_at=ctx.clock.now())
    session.add(row)
    await audit(uow, actor=row.requested_by, action="inspection.redraw.requested",
                subject=task.id, detail={"redraw_id": row.id, "reason": row.reason})
    return row


async def review(ctx: DrawContext, uow: UnitOfWork, redraw_id: str, approve: bool,
                 caller: Caller) -> RedrawRequest:
    """Approve or refuse a pending request, as a reviewer of the lead department whose token
    did not ask for it."""
    session = uow.session
    row = await session.get(RedrawRequest, redraw_id)
    if row is None:
        raise NotFound("redraw request", redraw_id, "a task's requests are in GET "
                       "/v1/tasks/{id}/draws")
    plan = await get_plan(session, (await get_task(session, row.task_id)).plan_id)
    ensure_owner(caller, plan.department, f"redraw request {redraw_id}",
                 "a reviewer of the plan's lead department decides it")
    actor = actor_of(caller)
    if row.status != REQUESTED:
        raise WrongState(f"redraw request {redraw_id} is {row.status} already",
                         redraw_status=row.status)
    if actor == row.requested_by:
        raise SelfReview(redraw_id)
    row.status = APPROVED if approve else REFUSED
    row.reviewed_by, row.reviewed_at = actor, ctx.clock.now()
    await audit(uow, actor=actor, action=f"inspection.redraw.{row.status}", subject=row.task_id,
                detail={"redraw_id": row.id, "reason": row.reason,
                        "requested_by": row.requested_by})
    return row
