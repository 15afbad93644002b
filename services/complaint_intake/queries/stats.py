"""Closing the loop on departments' work (工作闭环, CP-6): per department and period, how
many were received, accepted in time, overdue, how fast, how satisfied, how misrouted."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from services.complaint_intake.domain.lifecycle import Status
from services.complaint_intake.models import Complaint, HandlingStep, OverdueNotice
from shared.workdays import workdays_between


class StatsView(BaseModel):
    department: str
    period_from: date
    period_to: date
    received: int
    duplicates: int
    accepted_in_time: int
    overdue: int
    average_days_to_accept: float | None
    average_days_to_close: float | None
    closed: int
    satisfaction: float | None
    misroutes: int


def received(department: str, start: date, end: date) -> Select:
    """The complaints ``department`` received from ``start`` to ``end`` (both included)."""
    return (select(Complaint.status, Complaint.received_on, Complaint.accept_by,
                   Complaint.decide_case_by, Complaint.decide_case_extended_by,
                   Complaint.accepted_on, Complaint.closed_on, Complaint.satisfaction)
            .where(Complaint.department == department, Complaint.received_on >= start,
                   Complaint.received_on <= end))


def duplicates_rated(department: str, start: date, end: date) -> Select:
    """The ratings of the duplicates of those complaints: their filers rate the handling
    of the first one."""
    first = aliased(Complaint)
    return (select(Complaint.satisfaction).join(first, first.id == Complaint.duplicate_of)
            .where(Complaint.satisfaction.is_not(None), first.department == department,
                   first.received_on >= start, first.received_on <= end))


def overdue_received(department: str, start: date, end: date) -> Select:
    """How many complaints received in the period the department was found overdue on."""
    return (select(func.count(func.distinct(OverdueNotice.complaint_id)))
            .join(Complaint, Complaint.id == OverdueNotice.complaint_id)
            .where(OverdueNotice.department == department, Complaint.received_on >= start,
                   Complaint.received_on <= end))


def passed_on(department: str, start: date, end: date) -> Select:
    """How many times the department passed a complaint on in the period (misroutes)."""
    return (select(func.count()).select_from(HandlingStep)
            .where(HandlingStep.action == "passed_on", HandlingStep.department == department,
                   HandlingStep.on_day >= start, HandlingStep.on_day <= end))


async def department_stats(session: AsyncSession, department: str, start: date,
                           end: date) -> StatsView:
    """Complaints received by ``department`` from ``start`` to ``end`` (both included)."""
    rows = (await session.execute(received(department, start, end))).all()
    tasks = [row for row in rows if row.status != Status.LINKED]
    in_time = [row for row in tasks if row.accepted_on is not None and row.accepted_on <= (
        row.accept_by or row.decide_case_extended_by or row.decide_case_by or date.max)]
    to_accept = [workdays_between(row.received_on, row.accepted_on) for row in tasks
                 if row.accepted_on is not None]
    to_close = [workdays_between(row.received_on, row.closed_on) for row in tasks
                if row.closed_on is not None]
    ratings = [row.satisfaction for row in tasks if row.satisfaction is not None]
    ratings += (await session.scalars(duplicates_rated(department, start, end))).all()
    overdue = await session.scalar(overdue_received(department, start, end))
    misroutes = await session.scalar(passed_on(department, start, end))
    return StatsView(
        department=department, period_from=start, period_to=end, received=len(tasks),
        duplicates=len(rows) - len(tasks), accepted_in_time=len(in_time),
        overdue=overdue or 0, average_days_to_accept=_mean(to_accept),
        average_days_to_close=_mean(to_close), closed=len(to_close),
        satisfaction=_mean(ratings), misroutes=misroutes or 0)


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 2) if values else None
