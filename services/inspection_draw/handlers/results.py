"""抽查检查结果 (IN-7): one result per matter per visit, with the SAMR category, findings and
evidence hashes; due ``results.deadline_workdays`` working days after the task's window.

Each result leaves as ``inspection.result.recorded.v1`` (credit-rating records it); a
problem also as ``inspection.violation.found.v1`` (case-transfer), and a credit commitment
found untrue as ``inspection.commitment.false.v1``.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.inspection_draw.bootstrap import DrawContext
from services.inspection_draw.handlers import joint_visits
from services.inspection_draw.handlers.commands import ResultEntry
from services.inspection_draw.handlers.lookups import (
    ensure_member,
    get_plan,
    get_task,
    get_visit,
    new_id,
)
from services.inspection_draw.models import ResultRow, Task, VisitRow
from shared.access import actor_of
from shared.audit import record as audit
from shared.auth import Caller
from shared.contracts.inspection import (
    CommitmentFalse,
    InspectionResultRecorded,
    ViolationFound,
)
from shared.db import UnitOfWork
from shared.errors import Unusable, WrongState


async def record_result(ctx: DrawContext, uow: UnitOfWork, visit_id: str, entry: ResultEntry,
                        caller: Caller) -> ResultRow:
    """The result of one of the caller's department's matters on a visit of a plan it
    takes part in (lead or joint partner), dated today in China."""
    session, today, department = uow.session, ctx.clock.today(), caller.dept
    given = await get_visit(session, visit_id)
    task = await get_task(session, given.task_id)
    ensure_member(caller, await get_plan(session, task.plan_id), f"visit {visit_id}")
    if given.status != "planned":
        raise WrongState(f"visit {visit_id} is {given.status} (its draw was replaced); record "
                         "results on the current draw's visits", visit_status=given.status)
    matter = entry.matter
    visit = await joint_visits.member_for(session, given, matter)  # 查多项事: any member's id
    if visit is None:
        matters = ", ".join(m["matter"] for m in await _matters_of(session, given))
        raise Unusable("matter", f"matter {matter} is not checked on this visit (its "
                       f"matters: {matters})")
    if visit is not given:
        task = await get_task(session, visit.task_id)
        ensure_member(caller, await get_plan(session, task.plan_id), f"visit {visit.id}")
    visit_id = visit.id
    owner = next(m["department"] for m in task.matters if m["code"] == matter)
    if owner != department:
        raise Unusable("matter", f"matter {matter} is {owner}'s; {department} records only "
                       "its own matters")
    category = entry.category
    severity = entry.severity
    if category.finds_problem != (severity is not None):
        raise Unusable("severity", f"category {category.value} ({category.chinese}) "
                       + ("finds a problem: give its severity (minor, general or serious)"
                          if category.finds_problem else "finds none: leave severity out"))
    done = await session.scalar(select(ResultRow.id).where(
        ResultRow.visit_id == visit_id, ResultRow.matter == matter))
    if done is not None:
        raise WrongState(f"matter {matter} of visit {visit_id} already has result {done}",
                         result_id=done)
    actor = actor_of(caller)
    row = ResultRow(id=new_id("R"), visit_id=visit_id, matter=matter,
                    department=department, category=category.value, severity=severity,
                    findings=entry.findings, evidence_hashes=list(entry.evidence_hashes),
                    commitment_false=entry.commitment_false, recorded_on=today,
                    late=today > task.results_due, recorded_by=actor,
                    recorded_at=ctx.clock.now())
    session.add(row)
    common = {"result_id": row.id, "visit_id": visit_id, "uscc": visit.uscc,
              "matter": row.matter, "department": department, "recorded_on": today}
    uow.emit(InspectionResultRecorded(**common, result_category=category, severity=severity),
             subject=visit.uscc)
    if category.finds_problem:
        uow.emit(ViolationFound(**common, result_category=category, severity=severity),
                 subject=visit.uscc)
    if row.commitment_false:
        uow.emit(CommitmentFalse(**common, commitment_id=entry.commitment_id),
                 subject=visit.uscc)
    await audit(uow, actor=actor, action="inspection.result.recorded", subject=visit.uscc,
                detail={"result_id": row.id, "visit_id": visit_id, "matter": row.matter,
                        "category": category.value, "severity": severity, "late": row.late,
                        "evidence_hashes": row.evidence_hashes,
                        "commitment_false": row.commitment_false,
                        "commitment_id": entry.commitment_id})
    return row


async def _matters_of(session: AsyncSession, visit: VisitRow) -> list[dict[str, str]]:
    view = (await joint_visits.views(session, [visit]))[visit.id]
    return [{"matter": m["code"]} for m in view.matters]


async def overdue_tasks(session: AsyncSession, today: date) -> list[tuple[Task, int, int]]:
    """Drawn tasks past their results deadline with results missing: (task, expected, done)."""
    tasks = list(await session.scalars(select(Task).where(
        Task.status == "drawn", Task.results_due < today).order_by(Task.results_due, Task.id)))
    found = []
    for task in tasks:
        visits = await session.scalar(select(func.count()).select_from(VisitRow).where(
            VisitRow.draw_id == task.current_draw_id))
        done = await session.scalar(select(func.count()).select_from(ResultRow).join(
            VisitRow, VisitRow.id == ResultRow.visit_id).where(
            VisitRow.draw_id == task.current_draw_id))
        expected = (visits or 0) * len(task.matters)
        if (done or 0) < expected:
            found.append((task, expected, done or 0))
    return found


async def visit_results(session: AsyncSession, visit_id: str) -> list[ResultRow]:
    await get_visit(session, visit_id)
    return list(await session.scalars(select(ResultRow).where(ResultRow.visit_id == visit_id)
                                      .order_by(ResultRow.matter)))
