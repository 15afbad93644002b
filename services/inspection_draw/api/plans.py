"""Plan routes (抽查计划, IN-8, IN-4): draft → filed with 司法局 → published; tasks."""

from __future__ import annotations

from fastapi import APIRouter, Query
from sqlalchemy.ext.asyncio import AsyncSession

from services.inspection_draw.api.deps import ContextDep, Identifier
from services.inspection_draw.handlers import plans
from services.inspection_draw.handlers.commands import NewPlan, NewTask
from services.inspection_draw.handlers.lookups import get_plan, get_task, plan_tasks
from services.inspection_draw.models import Plan
from services.inspection_draw.schemas import PlanOut, TaskOut
from shared.access import Officer, Reviewer
from shared.auth import CallerDep
from shared.web.deps import ReaderDep, UnitOfWorkDep
from shared.web.openapi import problems

router = APIRouter(prefix="/v1")


async def _view(session: AsyncSession, plan: Plan) -> PlanOut:
    view = PlanOut.model_validate(plan)
    view.tasks = [TaskOut.model_validate(t) for t in await plan_tasks(session, plan.id)]
    return view


@router.post("/plans", status_code=201, response_model=PlanOut, responses=problems(400),
             summary="Start your department's annual plan (a draft); joint_with for a joint plan")
async def create(body: NewPlan, caller: Officer, uow: UnitOfWorkDep,
                 ctx: ContextDep) -> PlanOut:
    return PlanOut.model_validate(await plans.create_plan(ctx, uow, body, caller))


@router.get("/plans", response_model=list[PlanOut],
            summary="Plans (公开: lists are public), by department and year")
async def listing(session: ReaderDep,
                  department: str | None = Query(default=None, max_length=32,
                                                 pattern=r"^[A-Z0-9][A-Z0-9\-]*$"),
                  year: int | None = Query(default=None, ge=2000, le=2099)) -> list[PlanOut]:
    return [await _view(session, plan)
            for plan in await plans.list_plans(session, department, year)]


@router.post("/plans/{plan_id}/tasks", status_code=201, response_model=TaskOut,
             responses=problems(400, 404, 409),
             summary="Add a task to your draft plan: matters, population, ratio or size, window")
async def add_task(plan_id: Identifier, body: NewTask, caller: Officer, uow: UnitOfWorkDep,
                   ctx: ContextDep) -> TaskOut:
    return TaskOut.model_validate(await plans.add_task(ctx, uow, plan_id, body, caller))


@router.post("/plans/{plan_id}:file", response_model=PlanOut, responses=problems(404, 409),
             summary="备案: a reviewer of the justice department (SF) records the plan as filed")
async def file(plan_id: Identifier, caller: Reviewer, uow: UnitOfWorkDep,
               ctx: ContextDep) -> PlanOut:
    plan = await plans.file_plan(ctx, uow, plan_id, caller)
    return await _view(uow.session, plan)


@router.post("/plans/{plan_id}:publish", response_model=PlanOut, responses=problems(404, 409),
             summary="Publish your filed plan (inspection.plan.published.v1)")
async def publish(plan_id: Identifier, caller: Officer, uow: UnitOfWorkDep,
                  ctx: ContextDep) -> PlanOut:
    plan = await plans.publish_plan(ctx, uow, plan_id, caller)
    return await _view(uow.session, plan)


@router.get("/plans/{plan_id:plan_id}", response_model=PlanOut, responses=problems(404),
            summary="A plan and its tasks")
async def read(plan_id: Identifier, _caller: CallerDep, session: ReaderDep) -> PlanOut:
    return await _view(session, await get_plan(session, plan_id))


@router.get("/tasks/{task_id}", response_model=TaskOut, responses=problems(404),
            summary="A task")
async def task(task_id: Identifier, _caller: CallerDep, session: ReaderDep) -> TaskOut:
    return TaskOut.model_validate(await get_task(session, task_id))
