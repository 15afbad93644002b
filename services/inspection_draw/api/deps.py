"""Typed dependencies of inspection-draw's routes: the service's context."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from services.inspection_draw.bootstrap import DrawContext


async def draw_context(request: Request) -> DrawContext:
    """The service's context (``bootstrap.build``): rules, roster cache, clock …"""
    return request.app.state.context


ContextDep = Annotated[DrawContext, Depends(draw_context)]


Identifier = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9\-]+$",
                                 description="an identifier this service gave (P-…, T-…, D-…, "
                                 "V-…)")]
"""A plan, task, draw or visit id in a path."""
