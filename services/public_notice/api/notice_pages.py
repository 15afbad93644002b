"""The public pages of notices (公示列表与详情), the rules they follow and the receipt
form. JSON twins: ``/v1/notices``, ``/v1/notices/{id}``, ``/v1/kinds``, and
complaint-intake's ``/v1/receipts/{code}``. Query values are read leniently: a page
never answers a typo in its address with an error when it can show the list without it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from starlette.responses import HTMLResponse

from services.public_notice.api.deps import Ctx, QueryQuota, spend
from services.public_notice.api.rendering import error_page, render
from services.public_notice.queries.listing import NoticeFilter, notice_page, one_notice
from services.public_notice.queries.receipts import receipt
from shared.errors import DomainProblem, NotFound
from shared.web.client_address import client_address

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
PAGE_SIZE = 20
Text = Annotated[str, Query(max_length=64)]


@router.get("/notices")
async def notices(ctx: Ctx, _: QueryQuota, kind: Text = "", department: Text = "",
                  exposed: Text = "", page: Text = "1") -> HTMLResponse:
    kind = kind if kind in ctx.rules.kinds else ""
    department = department if department in ctx.names.departments else ""
    number = int(page) if page.isdigit() and 0 < int(page) <= 1000 else 1
    filters = NoticeFilter(kind or None, department or None, exposed=exposed == "1")
    found = await notice_page(ctx, filters, ctx.clock.today(), number, PAGE_SIZE)
    heading = "曝光台" if filters.exposed else (ctx.rules.name_of(kind) if kind else "全部公示")
    query = {"kind": kind, "department": department, "exposed": "1" if filters.exposed else ""}
    return render(ctx, "notices.html", title=heading, heading=heading, found=found,
                  chosen=query, departments=ctx.names.departments,
                  feed=f"/feeds/{'exposure' if filters.exposed else kind}.atom"
                  if kind or filters.exposed else None)


@router.get("/notices/{notice_id}")
async def notice(ctx: Ctx, _: QueryQuota,
                 notice_id: Annotated[str, Path(max_length=64)]) -> HTMLResponse:
    try:
        found, selected, count = await one_notice(ctx, notice_id, ctx.clock.today())
    except NotFound:
        return error_page(ctx, 404, "该公示信息不存在，或已撤下、公示期已满。")
    return render(ctx, "notice.html", title=found.title, notice=found, selected=selected,
                  selected_count=count, masking=ctx.rules.file.masking.rules)


@router.get("/rules")
async def rules(ctx: Ctx, _: QueryQuota) -> HTMLResponse:
    return render(ctx, "rules.html", title="公示规则", file=ctx.rules.file,
                  masking=ctx.rules.file.masking.rules)


@router.get("/receipts")
async def receipts(request: Request, ctx: Ctx, code: Text = "") -> HTMLResponse:
    """The receipt form, and its answer once a code is given (a lookup costs one from
    the address's quota of receipt lookups)."""
    if not code.strip():
        return render(ctx, "receipt.html", title="办理进度查询", code="", found=None,
                      problem=None)
    await spend(request, ctx.receipt_quota, "receipt lookups")
    address = client_address(request, request.app.state.trusted_proxies)
    try:
        found = await receipt(ctx, code, address)
    except DomainProblem as problem:
        message = {404: "没有找到这个查询码，请核对回执上的 16 位数字。",
                   429: "查询过于频繁，请稍后再试。"}.get(
            problem.status, "投诉举报系统暂时无法查询，请稍后再试。")
        return render(ctx, "receipt.html", problem.status, title="办理进度查询",
                      code=code[:40], found=None, problem=message)
    return render(ctx, "receipt.html", title="办理进度查询", code=code[:40], found=found,
                  problem=None)
