"""Efficiency and duty evaluation (监管效能评估 / 履职评估, CT-8) of one department over a
period of China days: cases opened, transfers sent, accepted and returned, the median
time each step took, the overdue rate, the reversal rate of legal review, 行刑衔接
transfers and the police's acceptance rate. Reads only."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from statistics import median

from pydantic import BaseModel, Field
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from services.case_transfer.models import (
    Case,
    CaseDeadline,
    CaseStep,
    CriminalTransfer,
    LegalReview,
    Transfer,
)
from shared.clock import CHINA_TIME


class Evaluation(BaseModel):
    """One department's figures for the period (rates are null with nothing to count)."""

    department: str
    period_from: date
    period_to: date
    cases_opened: int
    transfers_sent: int
    transfers_accepted: int = Field(description="transfers to the department it accepted")
    transfers_returned: int = Field(description="transfers to the department it returned")
    median_hours_per_step: dict[str, float] = Field(
        description="per step the department took: median hours since the case's previous "
        "step")
    deadlines_due: int
    deadlines_overdue: int = Field(description="met late, or still unmet past due")
    overdue_rate: float | None
    reviews_decided: int
    reviews_returned: int
    reversal_rate: float | None = Field(description="share of legal reviews not passed")
    police_transfers: int = Field(description="行刑衔接 transfers delivered to the police")
    police_decided: int
    police_filed: int
    police_acceptance_rate: float | None


def _instant(day: date) -> datetime:
    return datetime.combine(day, time(), CHINA_TIME)


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


async def _count(session: AsyncSession, query) -> int:  # type: ignore[no-untyped-def]
    return int(await session.scalar(query) or 0)


def transfers_answered(department: str, start: datetime, end: datetime) -> Select:
    """Transfers to ``department`` it answered in the period, counted per status."""
    return (select(Transfer.status, func.count())
            .where(Transfer.to_department == department, Transfer.answered_at >= start,
                   Transfer.answered_at < end)
            .group_by(Transfer.status))


def reviews_decided(department: str, start: datetime, end: datetime) -> Select:
    """The department's legal reviews decided in the period, counted per status."""
    return (select(LegalReview.status, func.count())
            .where(LegalReview.department == department, LegalReview.reviewed_at >= start,
                   LegalReview.reviewed_at < end)
            .group_by(LegalReview.status))


def police_delivered(department: str, start: datetime, end: datetime) -> Select:
    """The department's 行刑衔接 transfers delivered to the police in the period."""
    return select(CriminalTransfer.state, CriminalTransfer.police_decided_at).where(
        CriminalTransfer.department == department, CriminalTransfer.delivered_at >= start,
        CriminalTransfer.delivered_at < end)


def steps_before(department: str, start: datetime, end: datetime) -> Select:
    """Every step up to ``end`` of the cases the department took a step of in the period,
    case by case in order."""
    cases = select(CaseStep.case_id).where(CaseStep.department == department,
                                           CaseStep.at >= start, CaseStep.at < end)
    return (select(CaseStep.case_id, CaseStep.step, CaseStep.at, CaseStep.department)
            .where(CaseStep.case_id.in_(cases), CaseStep.at < end)
            .order_by(CaseStep.case_id, CaseStep.id))


async def evaluate(session: AsyncSession, department: str, first: date, last: date,
                   now: datetime) -> Evaluation:
    start, end = _instant(first), _instant(last + timedelta(days=1))
    count = func.count()
    opened = await _count(session, select(count).select_from(Case).where(
        Case.opened_by == department, Case.opened_on >= first, Case.opened_on <= last))
    sent = await _count(session, select(count).select_from(Transfer).where(
        Transfer.from_department == department, Transfer.sent_at >= start,
        Transfer.sent_at < end))
    answered = dict((await session.execute(transfers_answered(department, start, end))).all())
    deadlines = (await session.execute(select(CaseDeadline.due_at, CaseDeadline.met_at).where(
        CaseDeadline.department == department, CaseDeadline.due_at >= start,
        CaseDeadline.due_at < end, CaseDeadline.due_at <= now))).all()
    overdue = sum(1 for due, met in deadlines if (met or now) >= due)
    reviews = dict((await session.execute(reviews_decided(department, start, end))).all())
    decided_reviews = reviews.get("passed", 0) + reviews.get("returned", 0)
    police = (await session.execute(police_delivered(department, start, end))).all()
    police_decided = sum(1 for _, decided_at in police if decided_at is not None)
    police_filed = sum(1 for state, _ in police if state == "filed")
    return Evaluation(
        department=department, period_from=first, period_to=last, cases_opened=opened,
        transfers_sent=sent, transfers_accepted=answered.get("accepted", 0),
        transfers_returned=answered.get("returned", 0),
        median_hours_per_step=await _step_medians(session, department, start, end),
        deadlines_due=len(deadlines), deadlines_overdue=overdue,
        overdue_rate=_rate(overdue, len(deadlines)), reviews_decided=decided_reviews,
        reviews_returned=reviews.get("returned", 0),
        reversal_rate=_rate(reviews.get("returned", 0), decided_reviews),
        police_transfers=len(police), police_decided=police_decided,
        police_filed=police_filed, police_acceptance_rate=_rate(police_filed, police_decided))


async def _step_medians(session: AsyncSession, department: str, start: datetime,
                        end: datetime) -> dict[str, float]:
    """Median hours from each case's previous step to the steps the department took."""
    rows = (await session.execute(steps_before(department, start, end))).all()
    hours: dict[str, list[float]] = defaultdict(list)
    previous: tuple[str, datetime] | None = None
    for case_id, step, at, by in rows:
        if previous is not None and previous[0] == case_id and by == department \
                and at >= start:
            hours[step].append((at - previous[1]).total_seconds() / 3600)
        previous = (case_id, at)
    return {step: round(median(values), 2) for step, values in sorted(hours.items())}
