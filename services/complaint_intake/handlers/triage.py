"""Triage by the 12345 hotline office (一号响应, 派单): a complaint whose category no
department answers for waits in the office's queue until its officer assigns it to a
department (and, if it fits one, a category of the 职责边界清单).

Only the office holding the complaint assigns it (``handled_complaint``), only while it
is in triage, never to itself. The assignment is audited, leaves a history step, takes
the complaint's duplicates along, and is announced as ``complaint.routed.v1`` (the
office as the previous department), as any routing is. It is no misroute: the pass-on
count is not touched. The deadlines keep counting from the day the complaint was
received: the citizen's wait does not restart.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import update

from services.complaint_intake.domain.lifecycle import Status, Step
from services.complaint_intake.handlers.errors import UnknownCategory, unknown_department
from services.complaint_intake.handlers.inputs import DepartmentCode, Reason
from services.complaint_intake.handlers.steps import add_step, check_step, handled_complaint
from services.complaint_intake.models import Complaint
from shared.access import actor_of
from shared.audit import record as audit
from shared.auth import Caller
from shared.clock import china_day
from shared.contracts.complaint import ComplaintRouted
from shared.db import UnitOfWork
from shared.errors import WrongState
from shared.fields import text

if TYPE_CHECKING:
    from services.complaint_intake.bootstrap import IntakeContext


class Assignment(BaseModel):
    """The triage office's assignment (派单): to which department, and why."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    department: DepartmentCode = Field(description="the department that handles it now")
    category: Annotated[str, text(40, lines=False)] | None = Field(
        default=None, examples=["road_transport"],
        description="a category of the 职责边界清单 it turned out to fit (GET "
        "/v1/categories); left out, it keeps the category it was filed under")
    reason: Reason | None = Field(default=None, description="a note for the history")


async def assign(uow: UnitOfWork, ctx: IntakeContext, complaint_id: str, caller: Caller,
                 assignment: Assignment, at: datetime) -> Complaint:
    """派单: the complaint in the caller's triage queue goes to ``assignment.department``."""
    complaint = await handled_complaint(uow.session, complaint_id, caller, lock=True)
    check_step(complaint, Step.ASSIGN)
    department, category = assignment.department, assignment.category
    if department not in ctx.reference.departments:
        raise unknown_department("department", department)
    if department == complaint.department:
        raise WrongState(f"the complaint is in {department}'s triage queue already; assign "
                         "it to the department that will handle it")
    if category is not None and category not in ctx.reference.categories:
        raise UnknownCategory(category, ctx.reference.categories)
    office, filed_under = complaint.department, complaint.category
    complaint.department, complaint.status = department, Status.RECEIVED.value
    complaint.category, complaint.updated_at = category or filed_under, at
    await uow.session.execute(  # its duplicates (and their reporters) go with it
        update(Complaint).where(Complaint.duplicate_of == complaint.id)
        .values(department=department, updated_at=at))
    note = f"assigned by {office} to {department}" + (
        f" as {category} (filed as {filed_under})" if category else "") + (
        f": {assignment.reason}" if assignment.reason else "")
    await add_step(uow, complaint, "assigned", actor_of(caller), at, note=note,
                   department=office)
    await audit(uow, actor=actor_of(caller), action="complaint.assigned",
                subject=complaint.id, detail={"from": office, "to": department,
                                              "category": complaint.category,
                                              "filed_as": filed_under,
                                              "reason": assignment.reason})
    uow.emit(ComplaintRouted(
        complaint_id=complaint.id, category=complaint.category, region=complaint.region,
        department=department, previous_department=office, routed_on=china_day(at)))
    return complaint
