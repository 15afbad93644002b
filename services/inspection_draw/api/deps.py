"""Typed dependencies of inspection-draw's routes: rules, roster cache, actor."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from services.inspection_draw.domain.rule_models import DrawRuleFile
from services.inspection_draw.handlers.snapshot import RosterCache
from shared.auth import Caller


async def draw_rules(request: Request) -> DrawRuleFile:
    return request.app.state.draw_rules


async def roster_cache(request: Request) -> RosterCache:
    return request.app.state.roster_cache


async def postgres(request: Request) -> bool:
    return not request.app.state.db.sqlite


DrawRulesDep = Annotated[DrawRuleFile, Depends(draw_rules)]
RosterCacheDep = Annotated[RosterCache, Depends(roster_cache)]
PostgresDep = Annotated[bool, Depends(postgres)]


def actor(caller: Caller) -> str:
    """How the audit log names a departmental caller."""
    return f"{caller.dept}/{caller.client_id}"[:200]
