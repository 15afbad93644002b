"""Result routes (抽查检查结果, IN-7): record per matter per visit; overdue tasks."""

from __future__ import annotations

from fastapi import APIRouter

from services.inspection_draw.api.deps import actor
from services.inspection_draw.handlers import results
from services.inspection_draw.handlers.plans import today
from services.inspection_draw.schemas import OverdueOut, ResultIn, ResultOut
from shared.auth import CallerDep
from shared.web.deps import OutboxDep, ReaderDep, UnitOfWorkDep

router = APIRouter(prefix="/v1")


@router.post("/visits/{visit_id}/results", status_code=201, response_model=ResultOut,
             summary="Record the result of one of your department's matters on a visit")
async def record(visit_id: str, body: ResultIn, caller: CallerDep, uow: UnitOfWorkDep,
                 outbox: OutboxDep) -> ResultOut:
    row = await results.record_result(uow, outbox, visit_id, caller.dept, body.model_dump(),
                                      actor=actor(caller), today=today())
    return ResultOut.model_validate(row)


@router.get("/visits/{visit_id}/results", response_model=list[ResultOut],
            summary="The results recorded on a visit (一公开: public)")
async def listing(visit_id: str, session: ReaderDep) -> list[ResultOut]:
    return [ResultOut.model_validate(r) for r in await results.visit_results(session, visit_id)]


@router.get("/tasks/overdue", response_model=list[OverdueOut],
            summary="Drawn tasks past their results deadline with results missing")
async def overdue(_caller: CallerDep, session: ReaderDep) -> list[OverdueOut]:
    return [OverdueOut(task_id=t.id, plan_id=t.plan_id, results_due=t.results_due,
                       expected_results=expected, recorded_results=done)
            for t, expected, done in await results.overdue_tasks(session, today())]
