"""抽查检查结果 (IN-7): one result per matter per visit, with the SAMR category, findings and
evidence hashes; due ``results.deadline_workdays`` working days after the task's window.

Each result leaves as ``inspection.result.recorded.v1`` (credit-rating records it); a
problem also as ``inspection.violation.found.v1`` (case-transfer), and a credit commitment
found untrue as ``inspection.commitment.false.v1``.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.inspection_draw.handlers.errors import BadRequest, NotFound, WrongState
from services.inspection_draw.handlers.plans import new_id
from services.inspection_draw.models import ResultRow, Task, VisitRow
from shared.audit import record as audit
from shared.contracts.inspection import (
    CommitmentFalse,
    InspectionResultRecorded,
    ResultCategory,
    ViolationFound,
)
from shared.db import UnitOfWork
from shared.messaging.outbox import Outbox


async def record_result(uow: UnitOfWork, outbox: Outbox, visit_id: str, department: str,
                        values: dict[str, Any], *, actor: str, today: date) -> ResultRow:
    session = uow.session
    visit = await session.get(VisitRow, visit_id)
    if visit is None:
        raise NotFound("visit", visit_id)
    if visit.status != "planned":
        raise WrongState(f"visit {visit_id} is {visit.status} (its draw was replaced); record "
                         "results on the current draw's visits")
    task = await session.get(Task, visit.task_id)
    assert task is not None
    owner = next((m["department"] for m in task.matters if m["code"] == values["matter"]), None)
    if owner is None:
        raise BadRequest(f"matter {values['matter']} is not checked on this visit (its matters: "
                         f"{', '.join(m['code'] for m in task.matters)})", "matter")
    if owner != department:
        raise BadRequest(f"matter {values['matter']} is {owner}'s; {department} records only "
                         "its own matters", "matter")
    category = ResultCategory(values["category"])
    severity = values.get("severity")
    if category.finds_problem != (severity is not None):
        raise BadRequest(f"category {category.value} ({category.chinese}) "
                         + ("finds a problem: give its severity (minor, general or serious)"
                            if category.finds_problem else "finds none: leave severity out"),
                         "severity")
    done = await session.scalar(select(ResultRow.id).where(
        ResultRow.visit_id == visit_id, ResultRow.matter == values["matter"]))
    if done is not None:
        raise WrongState(f"matter {values['matter']} of visit {visit_id} already has result "
                         f"{done}", result_id=done)
    row = ResultRow(id=new_id("R"), visit_id=visit_id, matter=values["matter"],
                    department=department, category=category.value, severity=severity,
                    findings=values["findings"], evidence_hashes=values["evidence_hashes"],
                    commitment_false=values["commitment_false"], recorded_on=today,
                    late=today > task.results_due, recorded_by=actor,
                    recorded_at=datetime.now(UTC))
    session.add(row)
    common = {"result_id": row.id, "visit_id": visit_id, "uscc": visit.uscc,
              "matter": row.matter, "department": department, "recorded_on": today}
    await outbox.add(uow, InspectionResultRecorded(**common, result_category=category,
                                                   severity=severity), subject=visit.uscc)
    if category.finds_problem:
        await outbox.add(uow, ViolationFound(**common, result_category=category,
                                             severity=severity), subject=visit.uscc)
    if row.commitment_false:
        await outbox.add(uow, CommitmentFalse(**common, commitment_id=values.get(
            "commitment_id")), subject=visit.uscc)
    await audit(uow, actor=actor, action="inspection.result.recorded", subject=visit.uscc,
                detail={"result_id": row.id, "visit_id": visit_id, "matter": row.matter,
                        "category": category.value, "severity": severity, "late": row.late,
                        "evidence_hashes": row.evidence_hashes,
                        "commitment_false": row.commitment_false,
                        "commitment_id": values.get("commitment_id")})
    return row


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
    if await session.get(VisitRow, visit_id) is None:
        raise NotFound("visit", visit_id)
    return list(await session.scalars(select(ResultRow).where(ResultRow.visit_id == visit_id)
                                      .order_by(ResultRow.matter)))
