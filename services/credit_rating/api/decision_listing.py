"""The query of a listing of pending decisions with deadlines (objections, repairs):
``overdue=true`` keeps those past their due day on ``as_of`` (default today)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from fastapi import Depends, Query

from services.credit_rating.api.deps import Ctx
from shared.fields import Day
from shared.uscc import USCC


@dataclass(frozen=True)
class DecisionListing:
    overdue: bool
    department: str | None
    uscc: str | None
    limit: int
    on: date  # the day ``overdue`` is judged on, and the views' ``overdue`` flag

    @property
    def overdue_on(self) -> date | None:
        """The day to filter overdue ones on, or None for all."""
        return self.on if self.overdue else None


async def _listing(ctx: Ctx,
                   overdue: bool = Query(default=False, description="only overdue ones"),
                   department: str | None = Query(default=None, max_length=32,
                                                  pattern=r"^[0-9A-Za-z-]+$",
                                                  description="the department that decides"),
                   uscc: USCC | None = Query(default=None),
                   limit: int = Query(default=100, ge=1, le=500),
                   as_of: Day | None = Query(default=None, description="overdue on this day; "
                                             "default today")) -> DecisionListing:
    return DecisionListing(overdue, department, uscc, limit, as_of or ctx.clock.today())


DecisionListingDep = Annotated[DecisionListing, Depends(_listing)]
