"""Following a complaint by its receipt code (查询码): status and public replies only,
and the satisfaction rating (回访评价) once it is closed: every filer rates, a linked
duplicate's the first complaint's handling. An unknown code, a malformed
one and a duplicate's code all answer the same way about what does not exist."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.complaint_intake.domain.lifecycle import Status
from services.complaint_intake.domain.receipts import is_well_formed, normalise_receipt_code
from services.complaint_intake.domain.rules import ComplaintRules
from services.complaint_intake.handlers.errors import ReceiptNotFound, StepRefused
from services.complaint_intake.models import Complaint, Reply
from shared.audit import record as audit
from shared.db import UnitOfWork


async def by_receipt(session: AsyncSession, code: str, rules: ComplaintRules,
                     *, lock: bool = False) -> Complaint:
    code = normalise_receipt_code(code)
    if not is_well_formed(code, rules.receipts.digits):
        raise ReceiptNotFound()
    query = select(Complaint).where(Complaint.receipt_code == code)
    complaint = await session.scalar(query.with_for_update() if lock else query)
    if complaint is None:
        raise ReceiptNotFound()
    return complaint


async def public_replies(session: AsyncSession, complaint: Complaint) -> list[Reply]:
    """The public replies of the complaint, or of the first one a duplicate is linked to."""
    ids = [complaint.id] + ([complaint.duplicate_of] if complaint.duplicate_of else [])
    return list((await session.scalars(
        select(Reply).where(Reply.complaint_id.in_(ids), Reply.public.is_(True))
        .order_by(Reply.at, Reply.id))).all())


async def handled_as(session: AsyncSession, complaint: Complaint) -> Complaint:
    """The complaint whose handling the receipt shows: a duplicate follows the first one."""
    if complaint.duplicate_of is None:
        return complaint
    return await session.get(Complaint, complaint.duplicate_of) or complaint


def rating_problem(complaint: Complaint, handled: Complaint) -> str | None:
    """Why the receipt cannot rate the handling now (回访), or None when it awaits it.
    ``handled``: the complaint whose handling it rates (``handled_as``): a linked
    duplicate's filer rates the first one's handling, on their own receipt."""
    if handled.status not in (Status.CLOSED, Status.REFUSED):
        return f"the complaint is {handled.status}; rate it once it is closed"
    if complaint.satisfaction is not None:
        return (f"this complaint was already rated {complaint.satisfaction}; a rating is "
                "given once")
    return None


async def rate(uow: UnitOfWork, code: str, score: int, rules: ComplaintRules,
               at: datetime) -> Complaint:
    """回访评价: 1-5, once per receipt, after the complaint (or the first one a duplicate
    is linked to) is closed or refused."""
    complaint = await by_receipt(uow.session, code, rules, lock=True)
    problem = rating_problem(complaint, await handled_as(uow.session, complaint))
    if problem is not None:
        raise StepRefused(problem)
    complaint.satisfaction, complaint.updated_at = score, at
    await audit(uow, actor="public", action="complaint.rated", subject=complaint.id,
                detail={"score": score})
    return complaint
