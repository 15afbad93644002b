"""The handling history (办理记录) of a complaint: one step per action, who and when."""

from __future__ import annotations

from datetime import datetime

from services.complaint_intake.handlers.context import china_day
from services.complaint_intake.models import Complaint, HandlingStep
from shared.db import UnitOfWork


async def add_step(uow: UnitOfWork, complaint: Complaint, action: str, actor: str,
                   at: datetime, note: str | None = None,
                   department: str | None = None) -> None:
    uow.session.add(HandlingStep(complaint_id=complaint.id, at=at, on_day=china_day(at),
                                 action=action, department=department or complaint.department,
                                 actor=actor[:200], note=note))
