"""Plan routes (抽查计划, IN-8, IN-4): draft → filed with 司法局 → published; tasks."""

from __future__ import annotations

from fastapi import APIRouter, Query

from services.inspection_draw.api.deps import DrawRulesDep, actor
from services.inspection_draw.handlers import catalogue, plans
from services.inspection_draw.models import Plan
from services.inspection_draw.schemas import PlanIn, PlanOut, TaskIn, TaskOut
from shared.auth import CallerDep
from shared.web.deps import OutboxDep, ReaderDep, ReferenceDep, UnitOfWorkDep

router = APIRouter(prefix="/v1")


async def _view(session, plan: Plan) -> PlanOut:  # type: ignore[no-untyped-def]
    tasks = await plans.plan_tasks(session, plan.id)
    view = PlanOut.model_validate(plan)
    view.tasks = [TaskOut.model_validate(t) for t in tasks]
    return view


@router.post("/plans", status_code=201, response_model=PlanOut,
             summary="Start your department's annual plan (a draft); joint_with for a joint plan")
async def create(body: PlanIn, caller: CallerDep, uow: UnitOfWorkDep) -> PlanOut:
    plan = await plans.create_plan(uow, caller.dept, body.year, body.title, body.joint_with,
                                   actor=actor(caller))
    return PlanOut.model_validate(plan)


@router.get("/plans", response_model=list[PlanOut],
            summary="Plans (公开: lists are public), by department and year")
async def listing(session: ReaderDep, department: str | None = Query(default=None, max_length=32),
                  year: int | None = Query(default=None, ge=2000, le=2100)) -> list[PlanOut]:
    return [await _view(session, plan)
            for plan in await plans.list_plans(session, department, year)]


@router.get("/plans/{plan_id}", response_model=PlanOut, summary="A plan and its tasks")
async def read(plan_id: str, _caller: CallerDep, session: ReaderDep) -> PlanOut:
    return await _view(session, await plans.get_plan(session, plan_id))


@router.post("/plans/{plan_id}/tasks", status_code=201, response_model=TaskOut,
             summary="Add a task to a draft plan: matters, population, ratio or size, window")
async def add_task(plan_id: str, body: TaskIn, caller: CallerDep, uow: UnitOfWorkDep,
                   rules: DrawRulesDep, reference: ReferenceDep) -> TaskOut:
    found = await catalogue.matters(uow.session, reference)
    values = body.model_dump()
    values["population"] = body.population.model_dump()
    task = await plans.add_task(uow, rules, found, plan_id, caller.dept, values,
                                actor=actor(caller))
    return TaskOut.model_validate(task)


@router.post("/plans/{plan_id}:file", response_model=PlanOut,
             summary="备案: the justice department (SF) records the plan as filed")
async def file(plan_id: str, caller: CallerDep, uow: UnitOfWorkDep) -> PlanOut:
    plan = await plans.file_plan(uow, plan_id, caller.dept, actor=actor(caller))
    return await _view(uow.session, plan)


@router.post("/plans/{plan_id}:publish", response_model=PlanOut,
             summary="Publish a filed plan (inspection.plan.published.v1)")
async def publish(plan_id: str, caller: CallerDep, uow: UnitOfWorkDep,
                  outbox: OutboxDep) -> PlanOut:
    plan = await plans.publish_plan(uow, outbox, plan_id, caller.dept, actor=actor(caller))
    return await _view(uow.session, plan)


@router.get("/tasks/{task_id}", response_model=TaskOut, summary="A task")
async def task(task_id: str, _caller: CallerDep, session: ReaderDep) -> TaskOut:
    return TaskOut.model_validate(await plans.get_task(session, task_id))
