"""Following a complaint by its receipt code (查询码): status and public replies only,
never the reporter; a linked duplicate shows the first complaint's handling. An
unknown code, a malformed one and a duplicate's code all answer the same way about what
does not exist. Also the Open311 GeoReport view of the same receipts.

A filing is answered before it is routed (accept first, ``handlers.intake``): until the
worker has made it a complaint, its receipt shows it ``received`` with no department,
duplicate link or deadline yet. The waiting filing is looked for first, then the
complaint, so a filing processed between the two reads is still found.
"""

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
from services.complaint_intake.models import AcceptedFiling, Complaint, Reply
from services.complaint_intake.queries.department import PublicReply
from shared.errors import WrongState

NOT_ROUTED = ("the filing is received and is being routed (matched, checked for "
              "duplicates, given its deadlines); try again in a moment")


class ReceiptView(BaseModel):
    """What the receipt shows (查询): status and public replies, nothing about the reporter."""

    receipt_code: str
    kind: str
    category: str
    status: str
    outcome: str | None
    received_on: date
    department: str | None = Field(description="the department handling it; null for the "
                                   "moments until the filing is routed")
    linked: bool = Field(description="a repeat of an earlier complaint: status, outcome, "
                         "department, deadlines and replies are the earlier one's")
    duplicate_of: str | None = Field(description="the earlier complaint it repeats")
    accept_by: date | None = Field(description="a complaint: the last day to accept it "
                                   "(受理); null for a report, and until routed")
    decide_case_by: date | None = Field(description="a report: the last day to decide "
                                        "whether to open a case (立案); null otherwise")
    replies: list[PublicReply]
    satisfaction: int | None
    rating_open: bool = Field(description="回访: the handling ended and awaits this "
                              "receipt's 1-5 rating (POST …/rating)")


async def receipt_of(session: AsyncSession, code: str, rules: ComplaintRules,
                     *, lock: bool = False) -> Complaint | AcceptedFiling:
    """The complaint of receipt ``code``, or its filing while it waits to be routed."""
    code = normalise_receipt_code(code)
    if not is_well_formed(code, rules.receipts.digits):
        raise ReceiptNotFound()
    waiting = await session.scalar(select(AcceptedFiling)
                                   .where(AcceptedFiling.receipt_code == code))
    if waiting is not None:
        return waiting
    query = select(Complaint).where(Complaint.receipt_code == code)
    complaint = await session.scalar(query.with_for_update() if lock else query)
    if complaint is None:
        raise ReceiptNotFound()
    return complaint


async def by_receipt(session: AsyncSession, code: str, rules: ComplaintRules,
                     *, lock: bool = False) -> Complaint:
    """The complaint of receipt ``code`` (409 while its filing waits to be routed)."""
    found = await receipt_of(session, code, rules, lock=lock)
    if isinstance(found, AcceptedFiling):
        raise WrongState(NOT_ROUTED)
    return found


async def receipt(session: AsyncSession, code: str, rules: ComplaintRules) -> ReceiptView:
    """What the receipt ``code`` shows."""
    complaint = await receipt_of(session, code, rules)
    if isinstance(complaint, AcceptedFiling):
        return ReceiptView(
            receipt_code=complaint.receipt_code, kind=complaint.kind,
            category=complaint.category, status=Status.RECEIVED.value, outcome=None,
            received_on=complaint.received_on, department=None, linked=False,
            duplicate_of=None, accept_by=None, decide_case_by=None, replies=[],
            satisfaction=None, rating_open=False)
    replies = await public_replies(session, complaint)
    handled = await handled_as(session, complaint)
    return ReceiptView(
        receipt_code=complaint.receipt_code, kind=complaint.kind, category=complaint.category,
        status=handled.status, outcome=handled.outcome, received_on=complaint.received_on,
        department=handled.department, linked=complaint.duplicate_of is not None,
        duplicate_of=complaint.duplicate_of, accept_by=handled.accept_by,
        decide_case_by=handled.decide_case_extended_by or handled.decide_case_by,
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
    waiting = (await session.scalars(select(AcceptedFiling).where(
        AcceptedFiling.receipt_code.in_(sorted(wanted))))).all()
    answer = [{
        "service_request_id": row.receipt_code, "status": "open", "status_notes": None,
        "service_code": row.category, "agency_responsible": None,
        "requested_datetime": row.received_at, "updated_datetime": row.received_at,
        "address": row.subject_address} for row in waiting]  # not yet routed
    wanted -= {row.receipt_code for row in waiting}
    rows = (await session.scalars(select(Complaint).where(
        Complaint.receipt_code.in_(sorted(wanted))))).all() if wanted else []
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
