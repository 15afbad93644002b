"""Atom feeds per kind of notice (订阅源) for integrators, and one for the 曝光台.
Public: no token; each fetch costs one from the address's quota of queries."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from starlette.responses import Response

from services.public_notice.api.deps import Ctx, QueryQuota
from services.public_notice.queries.feeds import atom_feed
from shared.contracts.notice import NoticeKind

router = APIRouter(prefix="/feeds")
ATOM_TYPE = "application/atom+xml"


class AtomResponse(Response):
    media_type = ATOM_TYPE


@router.get("/{kind}.atom", response_class=AtomResponse,
            responses={200: {"description": "An Atom 1.0 feed (RFC 4287), newest first",
                             "content": {ATOM_TYPE: {"schema": {"type": "string"}}}}},
            summary="Atom feed of the newest public notices of a kind (or exposure: 曝光台)")
async def feed(kind: NoticeKind | Literal["exposure"], request: Request, ctx: Ctx,
               _: QueryQuota) -> AtomResponse:
    base = str(request.base_url).rstrip("/")
    return AtomResponse(await atom_feed(ctx, kind, base, ctx.clock.today()))
