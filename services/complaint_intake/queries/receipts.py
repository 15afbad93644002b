"""Following a complaint by its receipt code (查询码): status and public replies only,
never the reporter; a linked duplicate shows the first complaint's handling. An
unknown code, a malformed one and a duplicate's code all answer the same way about what
does not exist. Also the Open311 GeoReport view of the same receipts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.complaint_intake.domain.lifecycle import OPEN, Status
from services.complaint_intake.domain.receipts import is_well_formed, normalise_receipt_code
from services.complaint_intake.domain.rules import ComplaintRules
from services.complaint_intake.handlers.errors import ReceiptNotFound
from services.complaint_intake.models import Complaint, Reply
from services.complaint_intake.queries.department import PublicReply


class ReceiptView(BaseModel):
    """What the receipt shows (查询): status and public replies, nothing about the reporter."""

    receipt_code: str
    kind: str
    category: str
    status: str
    outcome: str | None
    received_on: date
    department: str
    linked: bool = Field(description="a repeat of an earlier complaint: status, outcome and "
                         "replies are the earlier one's")
    replies: list[PublicReply]
    satisfaction: int | None
    rating_open: bool = Field(description="回访: the handling ended and awaits this "
                              "receipt's 1-5 rating (POST …/rating)")


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


async def receipt(session: AsyncSession, code: str, rules: ComplaintRules) -> ReceiptView:
    """What the receipt ``code`` shows."""
    complaint = await by_receipt(session, code, rules)
    replies = await public_replies(session, complaint)
    handled = await handled_as(session, complaint)
    return ReceiptView(
        receipt_code=complaint.receipt_code, kind=complaint.kind, category=complaint.category,
        status=handled.status, outcome=handled.outcome, received_on=complaint.received_on,
        department=handled.department, linked=complaint.duplicate_of is not None,
        replies=[PublicReply(at=r.at, text=r.text) for r in replies],
        satisfaction=complaint.satisfaction,
        rating_open=rating_problem(complaint, handled) is None)


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


async def georeport_requests(session: AsyncSession, codes: Sequence[str],
                             rules: ComplaintRules) -> list[dict[str, Any]]:
    """The GeoReport v2 requests of the receipt ``codes`` that exist (others, and codes
    that are not well formed, are left out: those are never looked up)."""
    digits = rules.receipts.digits
    wanted = {normalise_receipt_code(code) for code in codes}
    wanted = {code for code in wanted if is_well_formed(code, digits)}
    if not wanted:
        return []
    rows = (await session.scalars(select(Complaint).where(
        Complaint.receipt_code.in_(sorted(wanted))))).all()
    answer = []
    for row in rows:
        handled = await handled_as(session, row)  # a duplicate follows the first one
        notes = await public_replies(session, row)
        updated: datetime = max(row.updated_at, handled.updated_at)
        answer.append({
            "service_request_id": row.receipt_code,
            "status": "open" if handled.status in {s.value for s in OPEN} else "closed",
            "status_notes": notes[-1].text if notes else None, "service_code": row.category,
            "agency_responsible": handled.department, "requested_datetime": row.received_at,
            "updated_datetime": updated, "address": row.subject_address})
    return answer
