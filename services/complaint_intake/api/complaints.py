"""Intake and the department's view of one complaint (统一受理, CP-1)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from services.complaint_intake.api.deps import ContextDep, FilerDep
from services.complaint_intake.domain.lifecycle import Channel
from services.complaint_intake.handlers.context import now
from services.complaint_intake.handlers.errors import ChannelMissing, PublicChannelOnly
from services.complaint_intake.handlers.handling import actor_of
from services.complaint_intake.handlers.intake import file_complaint
from services.complaint_intake.handlers.views import complaint_detail
from services.complaint_intake.schemas import ComplaintDetail, ComplaintFiling, FiledView
from shared.auth import CallerDep
from shared.web.deps import OutboxDep, ReaderDep, UnitOfWorkDep

router = APIRouter(prefix="/v1")


@router.post("/complaints", status_code=201, response_model=FiledView,
             summary="File a complaint, report or suggestion: the public without credentials "
             "(rate limited per address), or a department relaying a channel")
async def file(filing: ComplaintFiling, caller: FilerDep, ctx: ContextDep,
               uow: UnitOfWorkDep, outbox: OutboxDep, response: Response) -> FiledView:
    if caller is None:
        if filing.channel not in (None, Channel.PUBLIC):
            raise PublicChannelOnly(filing.channel.value)
        channel, actor = Channel.PUBLIC, "public"  # no address kept: it could name them
    else:
        if filing.channel is None:
            raise ChannelMissing([c.value for c in Channel if c != Channel.PUBLIC])
        channel, actor = filing.channel, actor_of(caller)
    complaint = await file_complaint(uow, outbox, ctx, filing, channel=channel, actor=actor,
                                     at=now())
    response.headers["Location"] = f"/v1/receipts/{complaint.receipt_code}"
    return FiledView(complaint_id=complaint.id, receipt_code=complaint.receipt_code,
                     status=complaint.status, department=complaint.department,
                     duplicate_of=complaint.duplicate_of, accept_by=complaint.accept_by,
                     decide_case_by=complaint.decide_case_by)


@router.get("/complaints/{complaint_id}", response_model=ComplaintDetail,
            summary="One complaint as its handling department sees it (never the reporter)")
async def detail(complaint_id: str, caller: CallerDep, session: ReaderDep) -> ComplaintDetail:
    return await complaint_detail(session, complaint_id, caller)


@router.get("/categories", summary="The categories of the 职责边界清单 a filing may use")
async def categories(ctx: ContextDep) -> list[str]:
    return list(ctx.reference.categories)
