"""A department's queue and statistics (督办, 工作闭环; CP-1, CP-6), and rewards (CP-4)."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi import APIRouter, HTTPException, Query

from services.complaint_intake.api.deps import ContextDep
from services.complaint_intake.handlers.context import china_day, now
from services.complaint_intake.handlers.rewards import advance_payment, decide_reward
from services.complaint_intake.handlers.stats import department_stats
from services.complaint_intake.handlers.views import department_queue
from services.complaint_intake.schemas import (
    Payment,
    QueueItem,
    RewardEntry,
    RewardView,
    StatsView,
)
from shared.auth import CallerDep
from shared.web.deps import ReaderDep, UnitOfWorkDep

router = APIRouter(prefix="/v1")


@router.get("/queue", response_model=list[QueueItem],
            summary="Your department's open complaints, overdue ones first")
async def queue(caller: CallerDep, session: ReaderDep,
                overdue: bool = Query(default=False, description="only the overdue ones")
                ) -> list[QueueItem]:
    return await department_queue(session, caller.dept, china_day(now()), overdue)


@router.get("/stats", response_model=StatsView,
            summary="Per department and period: received, in time, overdue, speed, "
            "satisfaction, misroutes")
async def stats(caller: CallerDep, session: ReaderDep,
                department: str | None = Query(default=None, description="default: yours"),
                period_from: date | None = Query(default=None, alias="from"),
                period_to: date | None = Query(default=None, alias="to")) -> StatsView:
    end = period_to or china_day(now())
    start = period_from or end - timedelta(days=min(30, end.toordinal() - 1))  # not before 1 AD
    if start > end:
        raise HTTPException(422, detail=f"from ({start}) is after to ({end}); swap them")
    return await department_stats(session, department or caller.dept, start, end)


@router.post("/complaints/{complaint_id}/reward", status_code=201, response_model=RewardView,
             summary="举报奖励 for a substantiated report that led to a fine")
async def reward(complaint_id: str, body: RewardEntry, caller: CallerDep, ctx: ContextDep,
                 uow: UnitOfWorkDep) -> RewardView:
    row = await decide_reward(uow, ctx, complaint_id, caller, body.fine_yuan, body.level, now())
    return RewardView.model_validate(row)


@router.post("/complaints/{complaint_id}/reward/payment", response_model=RewardView,
             summary="Move the reward on: proposed → approved → paid")
async def payment(complaint_id: str, body: Payment, caller: CallerDep,
                  uow: UnitOfWorkDep) -> RewardView:
    return RewardView.model_validate(
        await advance_payment(uow, complaint_id, caller, body.state, now()))
