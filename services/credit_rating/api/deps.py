"""Typed dependencies of credit-rating's routes: the service's context (rules, person key,
clock, database: everything comes from ``request.app.state.context``), the path USCC and
the ids in paths and the bounded query day."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Path, Query

from services.credit_rating.bootstrap import CreditContext
from shared.fields import Day
from shared.uscc import USCC
from shared.web.deps import context

Ctx = Annotated[CreditContext, Depends(context)]
UsccPath = Annotated[USCC, Path(description="统一社会信用代码 (GB 32100-2015)")]
ID_PATTERN = r"^[0-9A-Za-z-]{1,36}$"  # the ids this service makes are UUIDs


def id_path(what: str) -> Any:
    """A path id: letters, digits and hyphens, up to 36 (422 naming it otherwise); the
    route writes it ``{repair_id:key}`` (``shared.web.paths``), so ``R-1:decide`` is left
    to the ``:decide`` route."""
    return Path(max_length=36, pattern=ID_PATTERN, description=f"the {what}'s id")


AsOf = Annotated[Day | None, Query(description="the day asked (YYYY-MM-DD, not after "
                                   "today); default today")]
