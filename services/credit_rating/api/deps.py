"""Typed dependencies of credit-rating's routes: the service's context (rules, person key,
clock, database: everything comes from ``request.app.state.context``), the path USCC and
the ids in paths, the bounded query day, and the callers a market entity's own token can
be (issue 16.7: repair, objection, its own credit report)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Path, Query

from services.credit_rating.bootstrap import CreditContext
from shared.access import REQUIRED_ROLE_ATTRIBUTE, Role, ensure_acts_for, ensure_role
from shared.auth import Caller, CallerDep
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


async def officer_or_entity(caller: CallerDep) -> Caller:
    """A department's token with the role officer (403 naming it otherwise), or a market
    entity's own token, which the handler holds to the entity's own records."""
    if not caller.is_entity:
        ensure_role(caller, Role.OFFICER)
    return caller


setattr(officer_or_entity, REQUIRED_ROLE_ATTRIBUTE, f"{Role.OFFICER} (or {Role.ENTITY})")
OfficerOrEntity = Annotated[Caller, Depends(officer_or_entity)]
"""An officer filing for an entity, or the entity itself."""


async def report_reader(uscc: UsccPath, caller: CallerDep) -> Caller:
    """Any department's token, or the entity's own token for its own USCC (403 for
    another's)."""
    ensure_acts_for(caller, uscc, f"the credit report of {uscc}")
    return caller


ReportReader = Annotated[Caller, Depends(report_reader)]
"""The caller of a credit report route (``GET /v1/entities/{uscc}/report`` and
``…/report.html``): use it in place of ``CallerDep`` there."""
