"""A department's queue and statistics (督办, 工作闭环; CP-1, CP-6), and rewards (CP-4),
which the handling department's reviewer (role ``reviewer``) decides and moves on."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query

from services.complaint_intake.api.deps import ContextDep
from services.complaint_intake.api.paths import ComplaintId
from services.complaint_intake.handlers.rewards import advance_payment, decide_reward
from services.complaint_intake.queries.department import department_queue
from services.complaint_intake.queries.stats import department_stats
from services.complaint_intake.schemas import (
    Payment,
    QueueItem,
    RewardEntry,
    RewardView,
    StatsView,
)
from shared.access import Reviewer
from shared.auth import CallerDep
from shared.errors import Unusable
from shared.fields import EARLIEST_DAY, Day
from shared.web.deps import ReaderDep, UnitOfWorkDep
from shared.web.openapi import problems

router = APIRouter(prefix="/v1")
DEFAULT_PERIOD = timedelta(days=30)


@router.get("/queue", response_model=list[QueueItem],
            summary="Your department's open complaints, overdue ones first")
async def queue(caller: CallerDep, session: ReaderDep, ctx: ContextDep,
                overdue: bool = Query(default=False, description="only the overdue ones")
                ) -> list[QueueItem]:
    return await department_queue(session, caller.dept, ctx.clock.today(), overdue)


@router.get("/stats", response_model=StatsView,
            summary="Per department and period: received, in time, overdue, speed, "
            "satisfaction, misroutes")
async def stats(
    caller: CallerDep, session: ReaderDep, ctx: ContextDep,
    department: Annotated[str | None, Query(
        pattern=r"^[A-Za-z0-9_-]{1,32}$", description="default: yours")] = None,
    period_from: Annotated[Day | None, Query(alias="from", description=(
        "first day, YYYY-MM-DD (default: 30 days before `to`)"))] = None,
    period_to: Annotated[Day | None, Query(alias="to", description=(
        "last day, YYYY-MM-DD (default: today)"))] = None,
) -> StatsView:
    end = period_to or ctx.clock.today()
    start = period_from or max(end - DEFAULT_PERIOD, EARLIEST_DAY)
    if start > end:
        raise Unusable("from", f"{start} is after to ({end}); swap them")
    return await department_stats(session, department or caller.dept, start, end)


@router.post("/complaints/{complaint_id}/reward", status_code=201, response_model=RewardView,
             responses=problems(404, 409),
             summary="举报奖励 for a substantiated report that led to a fine (the reviewer "
             "of the handling department decides it)")
async def reward(complaint_id: ComplaintId, body: RewardEntry, caller: Reviewer,
                 ctx: ContextDep, uow: UnitOfWorkDep) -> RewardView:
    row = await decide_reward(uow, ctx, complaint_id, caller, body.fine_yuan, body.level,
                              ctx.clock.now())
    return RewardView.model_validate(row)


@router.post("/complaints/{complaint_id}/reward/payment", response_model=RewardView,
             responses=problems(404, 409),
             summary="Move the reward on: proposed → approved → paid")
async def payment(complaint_id: ComplaintId, body: Payment, caller: Reviewer,
                  ctx: ContextDep, uow: UnitOfWorkDep) -> RewardView:
    return RewardView.model_validate(
        await advance_payment(uow, complaint_id, caller, body.state, ctx.clock.now()))
