"""Plans and tasks (抽查计划, IN-8; joint plans, IN-4): create, file with 司法局, publish."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.inspection_draw.domain import plan as rules_of_plans
from services.inspection_draw.domain.plan import MatterInfo, PlanRuleError
from services.inspection_draw.domain.rule_models import DrawRuleFile
from services.inspection_draw.handlers.catalogue import MatterView
from services.inspection_draw.handlers.errors import (
    BadRequest,
    NotFound,
    NotYourDepartment,
    WrongState,
)
from services.inspection_draw.models import Plan, Task
from shared.audit import record as audit
from shared.contracts.inspection import PlanPublished
from shared.db import UnitOfWork
from shared.messaging.outbox import Outbox
from shared.workdays import CHINA_TIME


def new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:20]}"


async def create_plan(uow: UnitOfWork, department: str, year: int, title: str,
                      partners: list[str], *, actor: str) -> Plan:
    departments = [department, *sorted(set(partners) - {department})]
    plan = Plan(id=new_id("P"), department=department, departments=departments, year=year,
                title=title, status=rules_of_plans.DRAFT, created_at=datetime.now(UTC))
    uow.session.add(plan)
    await audit(uow, actor=actor, action="inspection.plan.created", subject=plan.id,
                detail={"department": department, "departments": departments, "year": year})
    return plan


async def get_plan(session: AsyncSession, plan_id: str) -> Plan:
    plan = await session.get(Plan, plan_id)
    if plan is None:
        raise NotFound("plan", plan_id)
    return plan


async def list_plans(session: AsyncSession, department: str | None,
                     year: int | None) -> list[Plan]:
    """Plans, newest year first; a joint plan is listed for each of its departments."""
    plans = await session.scalars(select(Plan).where(*(
        [Plan.year == year] if year is not None else [])).order_by(Plan.year.desc(),
                                                                   Plan.created_at, Plan.id))
    return [p for p in plans if department is None or department in p.departments]


async def get_task(session: AsyncSession, task_id: str) -> Task:
    task = await session.get(Task, task_id)
    if task is None:
        raise NotFound("task", task_id)
    return task


async def plan_tasks(session: AsyncSession, plan_id: str) -> list[Task]:
    return list(await session.scalars(select(Task).where(Task.plan_id == plan_id)
                                      .order_by(Task.created_at, Task.id)))


async def add_task(uow: UnitOfWork, rules: DrawRuleFile, catalogue: dict[str, MatterView],
                   plan_id: str, caller_department: str, values: dict[str, Any], *,
                   actor: str) -> Task:
    plan = await _own_plan(uow.session, plan_id, caller_department)
    if plan.status != rules_of_plans.DRAFT:
        raise WrongState(f"plan {plan.id} is {plan.status}; tasks are added to draft plans")
    info = {c: MatterInfo(m.code, m.department, m.key_area) for c, m in catalogue.items()}
    try:
        spec = rules_of_plans.check_task(plan.year, plan.departments, values["matters"], info,
                                         values.get("ratio"), values.get("size"),
                                         values["window_start"], values["window_end"])
    except PlanRuleError as exc:
        raise BadRequest(str(exc), exc.field) from exc
    task = Task(id=new_id("T"), plan_id=plan.id,
                matters=[{"code": m.code, "department": m.department} for m in spec.matters],
                key_area=spec.key_area, population=values["population"], ratio=spec.ratio,
                size=spec.size, window_start=spec.window_start, window_end=spec.window_end,
                results_due=rules_of_plans.results_due(spec.window_end,
                                                       rules.results.deadline_workdays),
                status="open", current_draw_id=None, created_at=datetime.now(UTC))
    uow.session.add(task)
    await audit(uow, actor=actor, action="inspection.task.added", subject=task.id,
                detail={"plan_id": plan.id, "matters": [m.code for m in spec.matters],
                        "population": values["population"], "ratio": spec.ratio,
                        "size": spec.size, "window": [str(spec.window_start),
                                                      str(spec.window_end)]})
    return task


async def file_plan(uow: UnitOfWork, plan_id: str, caller_department: str, *,
                    actor: str) -> Plan:
    """备案: the justice department (司法局) records the filing, with time and filer."""
    if caller_department != rules_of_plans.FILING_DEPARTMENT:
        raise NotYourDepartment(caller_department, rules_of_plans.FILING_DEPARTMENT,
                                "filing (备案) of a plan")
    plan = await get_plan(uow.session, plan_id)
    if not await plan_tasks(uow.session, plan.id):
        raise WrongState(f"plan {plan.id} has no task; add tasks before filing it")
    plan.status = _advance(plan, "file")
    plan.filed_with, plan.filed_by = caller_department, actor
    plan.filed_at = datetime.now(UTC)
    await audit(uow, actor=actor, action="inspection.plan.filed", subject=plan.id,
                detail={"filed_with": caller_department})
    return plan


async def publish_plan(uow: UnitOfWork, outbox: Outbox, plan_id: str, caller_department: str,
                       *, actor: str) -> Plan:
    plan = await _own_plan(uow.session, plan_id, caller_department)
    plan.status = _advance(plan, "publish")
    plan.published_at = datetime.now(UTC)
    tasks = await plan_tasks(uow.session, plan.id)
    await outbox.add(uow, PlanPublished(
        plan_id=plan.id, department=plan.department, departments=plan.departments,
        year=plan.year, title=plan.title, filed_with=plan.filed_with or "",
        task_ids=[t.id for t in tasks]), subject=plan.id)
    await audit(uow, actor=actor, action="inspection.plan.published", subject=plan.id,
                detail={"tasks": [t.id for t in tasks]})
    return plan


def _advance(plan: Plan, step: str) -> str:
    try:
        return rules_of_plans.advance(plan.status, step)
    except PlanRuleError as exc:
        raise WrongState(f"plan {plan.id}: {exc}", plan_status=plan.status) from exc


async def _own_plan(session: AsyncSession, plan_id: str, department: str) -> Plan:
    plan = await get_plan(session, plan_id)
    if plan.department != department:
        raise NotYourDepartment(department, plan.department, f"plan {plan.id}")
    return plan


def today() -> date:
    """Today in China (the day deadlines count in)."""
    return datetime.now(CHINA_TIME).date()
