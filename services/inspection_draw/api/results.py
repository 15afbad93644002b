"""Result routes (抽查检查结果, IN-7): record per matter per visit; overdue tasks."""

from __future__ import annotations

from fastapi import APIRouter

from services.inspection_draw.api.deps import ContextDep, Identifier
from services.inspection_draw.handlers import results
from services.inspection_draw.handlers.commands import ResultEntry
from services.inspection_draw.schemas import OverdueOut, ResultOut
from shared.access import Officer
from shared.auth import CallerDep
from shared.web.deps import ReaderDep, TodayDep, UnitOfWorkDep
from shared.web.openapi import problems

router = APIRouter(prefix="/v1")


@router.post("/visits/{visit_id}/results", status_code=201, response_model=ResultOut,
             responses=problems(400, 404, 409),
             summary="Record the result of one of your department's matters on a visit")
async def record(visit_id: Identifier, body: ResultEntry, caller: Officer, uow: UnitOfWorkDep,
                 ctx: ContextDep) -> ResultOut:
    """Only a department of the visit's plan records, and only for its own matters."""
    return ResultOut.model_validate(await results.record_result(ctx, uow, visit_id, body,
                                                                caller))


@router.get("/visits/{visit_id}/results", response_model=list[ResultOut],
            responses=problems(404),
            summary="The results recorded on a visit (一公开: public)")
async def listing(visit_id: Identifier, session: ReaderDep) -> list[ResultOut]:
    return [ResultOut.model_validate(r) for r in await results.visit_results(session, visit_id)]


@router.get("/tasks/overdue", response_model=list[OverdueOut],
            summary="Drawn tasks past their results deadline with results missing")
async def overdue(_caller: CallerDep, session: ReaderDep, today: TodayDep) -> list[OverdueOut]:
    return [OverdueOut(task_id=t.id, plan_id=t.plan_id, results_due=t.results_due,
                       expected_results=expected, recorded_results=done)
            for t, expected, done in await results.overdue_tasks(session, today)]
