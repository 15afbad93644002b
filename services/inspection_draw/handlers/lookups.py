"""Steps the use cases share: finding plans, tasks, draws and visits (404 when absent),
who owns them, the matter list as it stands, and new identifiers."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.inspection_draw.models import DrawRow, MatterEntry, Plan, Task, VisitRow
from shared.access import ensure_owner
from shared.auth import Caller
from shared.errors import NotFound, NotYourDepartment
from shared.reference import ReferenceData


def new_id(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:20]}"


async def get_plan(session: AsyncSession, plan_id: str) -> Plan:
    plan = await session.get(Plan, plan_id)
    if plan is None:
        raise NotFound("plan", plan_id, "list plans with GET /v1/plans")
    return plan


async def get_task(session: AsyncSession, task_id: str) -> Task:
    task = await session.get(Task, task_id)
    if task is None:
        raise NotFound("task", task_id, "a plan lists its tasks: GET /v1/plans/{id}")
    return task


async def get_draw(session: AsyncSession, draw_id: str) -> DrawRow:
    row = await session.get(DrawRow, draw_id)
    if row is None:
        raise NotFound("draw", draw_id)
    return row


async def get_visit(session: AsyncSession, visit_id: str) -> VisitRow:
    visit = await session.get(VisitRow, visit_id)
    if visit is None:
        raise NotFound("visit", visit_id, "a draw lists its visits: GET /v1/draws/{id}/visits")
    return visit


async def plan_tasks(session: AsyncSession, plan_id: str) -> list[Task]:
    return list(await session.scalars(select(Task).where(Task.plan_id == plan_id)
                                      .order_by(Task.created_at, Task.id)))


async def own_plan(session: AsyncSession, plan_id: str, caller: Caller) -> Plan:
    """The plan, if the caller's department leads it (else 403 naming the lead)."""
    plan = await get_plan(session, plan_id)
    ensure_owner(caller, plan.department, f"plan {plan.id}")
    return plan


async def own_task(session: AsyncSession, task_id: str, caller: Caller) -> tuple[Task, Plan]:
    """The task and its plan, if the caller's department leads the plan."""
    task = await get_task(session, task_id)
    plan = await get_plan(session, task.plan_id)
    ensure_owner(caller, plan.department, f"task {task.id}")
    return task, plan


def ensure_member(caller: Caller, plan: Plan, what: str) -> None:
    """403 unless the caller's department takes part in the plan (lead or joint partner)."""
    if caller.dept not in plan.departments:
        raise NotYourDepartment(caller.dept, plan.department, what,
                                f"plan {plan.id} is {', '.join(plan.departments)}'s")


@dataclass(frozen=True)
class MatterView:
    """One matter of the list as it stands now."""

    code: str
    name: str
    department: str
    category: str
    legal_basis: str
    key_area: bool
    source: str  # "reference" or "api"


async def matters(session: AsyncSession, reference: ReferenceData) -> dict[str, MatterView]:
    """The matter list: the reference catalogue, with the API's changes and additions."""
    found = {code: MatterView(m.code, m.name, m.department, m.category, m.legal_basis,
                              m.key_area, "reference") for code, m in reference.matters.items()}
    for row in await session.scalars(select(MatterEntry)):
        found[row.code] = MatterView(row.code, row.name, row.department, row.category,
                                     row.legal_basis, row.key_area, "api")
    return dict(sorted(found.items()))
