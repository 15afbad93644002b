"""List routes (CR-5, CR-7): the 严重失信主体名单, and an entity's state on both lists."""

from __future__ import annotations

from fastapi import APIRouter, Query

from services.credit_rating.api.deps import Ctx, UsccPath
from services.credit_rating.handlers.lists import blacklist_page, entity_lists
from services.credit_rating.handlers.steps.list_keeping import BLACKLIST, WATCHLIST
from services.credit_rating.list_schemas import (
    BlacklistedEntityView,
    BlacklistPageView,
    EntityListsView,
    ListEntryView,
)
from shared.auth import CallerDep
from shared.uscc import USCC
from shared.web.deps import ReaderDep
from shared.web.openapi import problems

router = APIRouter(prefix="/v1")


@router.get("/blacklist", response_model=BlacklistPageView,
            summary="严重失信主体名单: listed entities by USCC, one page at a time")
async def blacklist(_caller: CallerDep, session: ReaderDep,
                    after: USCC | None = Query(default=None,
                                               description="continue after this USCC"),
                    limit: int = Query(default=100, ge=1, le=500)) -> BlacklistPageView:
    rows = await blacklist_page(session, after=after, limit=limit)
    items = [BlacklistedEntityView(uscc=entry.uscc, name=name, reason=entry.reason,
                                   record_ids=list(entry.record_ids),
                                   listed_since=entry.listed_since) for entry, name in rows]
    return BlacklistPageView(items=items,
                             next_after=items[-1].uscc if len(items) == limit else None)


@router.get("/entities/{uscc}/lists", response_model=EntityListsView, responses=problems(404),
            summary="The entity's state on the blacklist and the watchlist")
async def lists(uscc: UsccPath, _caller: CallerDep, ctx: Ctx,
                session: ReaderDep) -> EntityListsView:
    found = await entity_lists(session, ctx.rules, uscc, ctx.clock.today())
    return EntityListsView(uscc=uscc,
                           blacklist=ListEntryView.model_validate(found[BLACKLIST]),
                           watchlist=ListEntryView.model_validate(found[WATCHLIST]))
