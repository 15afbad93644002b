"""The satisfaction rating (回访评价) through a receipt code: 1-5, once per receipt, after
the complaint (or the first one a duplicate is linked to) is closed or refused. Every
filer rates; a linked duplicate's filer rates the first complaint's handling."""

from __future__ import annotations

from datetime import datetime

from services.complaint_intake.domain.rules import ComplaintRules
from services.complaint_intake.models import Complaint
from services.complaint_intake.queries.receipts import by_receipt, handled_as, rating_problem
from shared.audit import record as audit
from shared.db import UnitOfWork
from shared.errors import WrongState


async def rate(uow: UnitOfWork, code: str, score: int, rules: ComplaintRules,
               at: datetime) -> Complaint:
    complaint = await by_receipt(uow.session, code, rules, lock=True)
    problem = rating_problem(complaint, await handled_as(uow.session, complaint))
    if problem is not None:
        raise WrongState(problem)
    complaint.satisfaction, complaint.updated_at = score, at
    await audit(uow, actor="public", action="complaint.rated", subject=complaint.id,
                detail={"score": score})
    return complaint
