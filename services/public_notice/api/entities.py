"""The public credit query (信用查询, PN-5): an entity's public profile, and the search of
the directory by name or code. Public: no token; each call costs one from the address's
quota of queries."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from services.public_notice.api.deps import Ctx, QueryQuota, UsccPath
from services.public_notice.queries.listing import search_entities
from services.public_notice.queries.profiles import entity_profile
from services.public_notice.queries.views import EntityHit, EntityPublic
from shared.web.openapi import problems

router = APIRouter(prefix="/v1/entities")
PROFILE_PATH = "/v1/entities/{uscc}/public"


def profile_json(profile: EntityPublic) -> bytes:
    """The body of the profile: the route and the query lane send these same bytes."""
    return profile.model_dump_json().encode()


@router.get("/{uscc}/public", response_model=EntityPublic, responses=problems(404),
            summary="信用查询: an entity's public notices, grade where public, and list status")
async def public_profile(uscc: UsccPath, ctx: Ctx, _: QueryQuota) -> Response:
    profile = await entity_profile(ctx, uscc, ctx.clock.today())
    return Response(profile_json(profile), media_type="application/json")


@router.get("", response_model=list[EntityHit],
            summary="Search the public directory by name (any part of it) or credit code")
async def search(ctx: Ctx, _: QueryQuota,
                 q: Annotated[str, Query(min_length=2, max_length=50,
                                         description="part of the registered name, or a "
                                         "credit code (or its start)")]) -> list[EntityHit]:
    return await search_entities(ctx, q)
