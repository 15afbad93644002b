"""The public pages (公示网页), server-rendered, no JavaScript: the home page with its
search box, the search results and an entity's page. Each has a JSON twin in the API
(``/v1/notices``, ``/v1/entities?q=``, ``/v1/entities/{uscc}/public``), so they stay
out of the OpenAPI document. Public: no token; each page costs one from the address's
quota of queries."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from starlette.responses import HTMLResponse

from services.public_notice.api.deps import Ctx, QueryQuota
from services.public_notice.api.rendering import error_page, render
from services.public_notice.queries.listing import NoticeFilter, notice_page, search_entities
from services.public_notice.queries.profiles import EntityUnknown, entity_profile
from shared.uscc import InvalidUSCC, validate

router = APIRouter(include_in_schema=False, default_response_class=HTMLResponse)
LATEST = 8


@router.get("/")
async def home(ctx: Ctx, _: QueryQuota) -> HTMLResponse:
    today = ctx.clock.today()
    latest = await notice_page(ctx, NoticeFilter(), today, 1, LATEST)
    exposed = await notice_page(ctx, NoticeFilter(exposed=True), today, 1, 4)
    return render(ctx, "home.html", title="首页", latest=latest.items,
                  exposed=exposed.items)


@router.get("/search")
async def search(ctx: Ctx, _: QueryQuota,
                 q: Annotated[str, Query(max_length=200)] = "") -> HTMLResponse:
    text = q.strip()
    if len(text) < 2:
        return render(ctx, "search.html", 422, title="查询", q=text, hits=[],
                      problem="请输入至少 2 个字的企业名称，或 18 位统一社会信用代码。")
    hits = await search_entities(ctx, text[:50])
    return render(ctx, "search.html", title=f"查询：{text[:50]}", q=text[:50], hits=hits,
                  problem=None)


@router.get("/entities/{uscc}")
async def entity(ctx: Ctx, _: QueryQuota,
                 uscc: Annotated[str, Path(max_length=64)]) -> HTMLResponse:
    try:
        code = validate(uscc)
    except (InvalidUSCC, ValueError) as exc:
        return error_page(ctx, 422, f"统一社会信用代码有误：{exc}")
    try:
        profile = await entity_profile(ctx, code, ctx.clock.today())
    except EntityUnknown:
        return error_page(ctx, 404, f"没有关于 {code} 的公示信息。请核对代码，或按企业名称查询。")
    groups = {}
    for notice in profile.notices:
        groups.setdefault(ctx.rules.kind(notice.kind).group, []).append(notice)
    return render(ctx, "entity.html", title=profile.name or code, profile=profile,
                  grouped=groups)
