"""Typed dependencies of case-transfer's routes: the service's context and the path
identifiers it gives out."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Query, Request

from services.case_transfer.bootstrap import CaseTransferContext


async def case_context(request: Request) -> CaseTransferContext:
    """The service's context (``bootstrap.build``): rules, person seal, clock …"""
    return request.app.state.context


ContextDep = Annotated[CaseTransferContext, Depends(case_context)]

Identifier = Annotated[str, Path(min_length=36, max_length=36,
                                 pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-"
                                         r"[0-9a-f]{12}$",
                                 description="an id this service gave (a UUID)",
                                 examples=["0196f7a2-3b9c-7d21-9a0e-5c4b3a291f08"])]
"""A case, transfer, review, joint action, assistance request or supervision id."""

Limit = Annotated[int, Query(ge=1, le=200, description="at most this many")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="skip this many first")]
