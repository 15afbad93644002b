"""Typed dependencies of inspection-draw's routes: the service's context."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request
from starlette.convertors import Convertor, register_url_convertor

from services.inspection_draw.bootstrap import DrawContext


async def draw_context(request: Request) -> DrawContext:
    """The service's context (``bootstrap.build``): rules, roster cache, clock …"""
    return request.app.state.context


ContextDep = Annotated[DrawContext, Depends(draw_context)]


Identifier = Annotated[str, Path(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9\-]+$",
                                 description="an identifier this service gave (P-…, T-…, D-…, "
                                 "V-…)")]
"""A plan, task, draw or visit id in a path."""


class _PlanIdentifier(Convertor[str]):
    """A plan id in a route's path, never ``P-1:file``: ``/v1/plans/{plan_id:plan_id}``
    leaves ``/v1/plans/P-1:file`` to the ``:file`` route (405 for a wrong method there)."""

    regex = r"[A-Za-z0-9\-]+"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("plan_id", _PlanIdentifier())
