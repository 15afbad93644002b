"""Plans and tasks (抽查计划, IN-8; joint plans, IN-4): create, file with 司法局, publish.

The lead department (the one that created the plan) adds its tasks and publishes it; the
justice department (SF) files it (备案).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.inspection_draw.bootstrap import DrawContext
from services.inspection_draw.domain import plan as rules_of_plans
from services.inspection_draw.domain.plan import MatterInfo, PlanRuleError
from services.inspection_draw.handlers.commands import NewPlan, NewTask
from services.inspection_draw.handlers.lookups import (
    get_plan,
    matters,
    new_id,
    own_plan,
    plan_tasks,
)
from services.inspection_draw.models import Plan, Task
from shared.access import actor_of, ensure_owner
from shared.audit import record as audit
from shared.auth import Caller
from shared.contracts.inspection import PlanPublished
from shared.db import UnitOfWork
from shared.errors import Unusable, WrongState


async def create_plan(ctx: DrawContext, uow: UnitOfWork, request: NewPlan,
                      caller: Caller) -> Plan:
    """A draft plan led by the caller's department, with its joint partners."""
    unknown = sorted(set(request.joint_with) - set(ctx.reference.departments))
    if unknown:
        raise Unusable("joint_with", f"departments {', '.join(unknown)} are not in the "
                       "reference data (departments.yaml)")
    department = caller.dept
    departments = [department, *sorted(set(request.joint_with) - {department})]
    plan = Plan(id=new_id("P"), department=department, departments=departments,
                year=request.year, title=request.title, status=rules_of_plans.DRAFT,
                created_at=ctx.clock.now())
    uow.session.add(plan)
    await audit(uow, actor=actor_of(caller), action="inspection.plan.created", subject=plan.id,
                detail={"department": department, "departments": departments,
                        "year": request.year})
    return plan


async def list_plans(session: AsyncSession, department: str | None,
                     year: int | None) -> list[Plan]:
    """Plans, newest year first; a joint plan is listed for each of its departments."""
    plans = await session.scalars(select(Plan).where(*(
        [Plan.year == year] if year is not None else [])).order_by(Plan.year.desc(),
                                                                   Plan.created_at, Plan.id))
    return [p for p in plans if department is None or department in p.departments]


async def add_task(ctx: DrawContext, uow: UnitOfWork, plan_id: str, request: NewTask,
                   caller: Caller) -> Task:
    """A task of a draft plan the caller's department leads."""
    plan = await own_plan(uow.session, plan_id, caller)
    if plan.status != rules_of_plans.DRAFT:
        raise WrongState(f"plan {plan.id} is {plan.status}; tasks are added to draft plans",
                         plan_status=plan.status)
    listed = await matters(uow.session, ctx.reference)
    info = {c: MatterInfo(m.code, m.department, m.key_area) for c, m in listed.items()}
    try:
        spec = rules_of_plans.check_task(plan.year, plan.departments, request.matters, info,
                                         request.ratio, request.size, request.window_start,
                                         request.window_end)
        due = rules_of_plans.results_due(spec.window_end, ctx.rules.results.deadline_workdays)
    except PlanRuleError as exc:
        raise Unusable(exc.field, str(exc)) from exc
    population = request.population.model_dump()
    task = Task(id=new_id("T"), plan_id=plan.id,
                matters=[{"code": m.code, "department": m.department} for m in spec.matters],
                key_area=spec.key_area, population=population, ratio=spec.ratio,
                size=spec.size, window_start=spec.window_start, window_end=spec.window_end,
                results_due=due,
                status="open", current_draw_id=None, created_at=ctx.clock.now())
    uow.session.add(task)
    await audit(uow, actor=actor_of(caller), action="inspection.task.added", subject=task.id,
                detail={"plan_id": plan.id, "matters": [m.code for m in spec.matters],
                        "population": population, "ratio": spec.ratio,
                        "size": spec.size, "window": [str(spec.window_start),
                                                      str(spec.window_end)]})
    return task


async def file_plan(ctx: DrawContext, uow: UnitOfWork, plan_id: str, caller: Caller) -> Plan:
    """备案: the justice department (司法局) records the filing, with time and filer."""
    ensure_owner(caller, rules_of_plans.FILING_DEPARTMENT, "filing (备案) of a plan",
                 "plans are filed with the justice department")
    plan = await get_plan(uow.session, plan_id)
    if not await plan_tasks(uow.session, plan.id):
        raise WrongState(f"plan {plan.id} has no task; add tasks before filing it")
    actor = actor_of(caller)
    plan.status = _advance(plan, "file")
    plan.filed_with, plan.filed_by = caller.dept, actor
    plan.filed_at = ctx.clock.now()
    await audit(uow, actor=actor, action="inspection.plan.filed", subject=plan.id,
                detail={"filed_with": caller.dept})
    return plan


async def publish_plan(ctx: DrawContext, uow: UnitOfWork, plan_id: str,
                       caller: Caller) -> Plan:
    """Publish a filed plan the caller's department leads (inspection.plan.published.v1)."""
    plan = await own_plan(uow.session, plan_id, caller)
    plan.status = _advance(plan, "publish")
    plan.published_at = ctx.clock.now()
    tasks = await plan_tasks(uow.session, plan.id)
    uow.emit(PlanPublished(
        plan_id=plan.id, department=plan.department, departments=plan.departments,
        year=plan.year, title=plan.title, filed_with=plan.filed_with or "",
        task_ids=[t.id for t in tasks]), subject=plan.id)
    await audit(uow, actor=actor_of(caller), action="inspection.plan.published",
                subject=plan.id, detail={"tasks": [t.id for t in tasks]})
    return plan


def _advance(plan: Plan, step: str) -> str:
    try:
        return rules_of_plans.advance(plan.status, step)
    except PlanRuleError as exc:
        raise WrongState(f"plan {plan.id}: {exc}", plan_status=plan.status) from exc
