"""Intake and the department's view of one complaint (统一受理, CP-1)."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic_core import to_json

from services.complaint_intake.api.deps import ContextDep, FilerDep
from services.complaint_intake.api.paths import ComplaintId
from services.complaint_intake.domain.lifecycle import Channel
from services.complaint_intake.handlers.errors import ChannelMissing, PublicChannelOnly
from services.complaint_intake.handlers.intake import Accepted
from services.complaint_intake.queries.department import complaint_detail
from services.complaint_intake.schemas import ComplaintDetail, ComplaintFiling, FiledView
from shared.access import actor_of
from shared.auth import CallerDep
from shared.web.deps import ReaderDep
from shared.web.openapi import problems

router = APIRouter(prefix="/v1")
PATH = "/v1/complaints"


def filed_json(filed: Accepted) -> bytes:
    """The answer to a filing (``FiledView``), as the route and the intake lane both send
    it; written directly, as pydantic would write it (a unit test holds them equal)."""
    return to_json({
        "complaint_id": filed.complaint_id, "receipt_code": filed.receipt_code,
        "status": filed.status, "received_on": filed.received_on})


@router.post("/complaints", status_code=201, response_model=FiledView,
             responses=problems(429),
             summary="File a complaint, report or suggestion: the public without a token "
             "(rate limited per address), or a department relaying a channel",
             description="The public files without a token. A department relaying a "
             "channel's filing (12345, 12315, a letter …) sends its token, which needs the "
             "role `hotline`, names the channel and says the day it was received "
             "(`received_on`), which the deadlines count from. The filing is stored and "
             "answered at once with its receipt code (`Location`: the receipt); it is "
             "matched, routed, checked for duplicates and given its deadlines moments "
             "later, which the receipt then shows (`department` is null until routed). A "
             "category outside the 职责边界清单 is not refused: it goes to the 12345 hotline "
             "office's triage queue (status `triage`), which assigns it to a department.")
async def file(filing: ComplaintFiling, caller: FilerDep, ctx: ContextDep) -> Response:
    if caller is None:
        if filing.channel not in (None, Channel.PUBLIC):
            raise PublicChannelOnly(filing.channel.value)
        channel, actor = Channel.PUBLIC, "public"  # no address kept: it could name them
    else:
        if filing.channel is None:
            raise ChannelMissing([c.value for c in Channel if c != Channel.PUBLIC])
        channel, actor = filing.channel, actor_of(caller)
    filed = await ctx.intake.file(ctx, filing, channel=channel, actor=actor,
                                  at=ctx.clock.now())
    return Response(filed_json(filed), 201, media_type="application/json",
                    headers={"Location": f"/v1/receipts/{filed.receipt_code}"})


@router.get("/complaints/{complaint_id}", response_model=ComplaintDetail,
            responses=problems(404),
            summary="One complaint as its handling department sees it (never the reporter)")
async def detail(complaint_id: ComplaintId, caller: CallerDep,
                 session: ReaderDep) -> ComplaintDetail:
    return await complaint_detail(session, complaint_id, caller)


@router.get("/categories", summary="The categories of the 职责边界清单 a filing may use")
async def categories(ctx: ContextDep) -> list[str]:
    return list(ctx.reference.categories)
