"""Evaluation route (监管效能评估 / 履职评估, CT-8)."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Query

from services.case_transfer.api.deps import ContextDep
from services.case_transfer.queries.evaluation import Evaluation, evaluate
from shared.access import ensure_owner
from shared.auth import CallerDep
from shared.errors import Unusable
from shared.fields import Day
from shared.web.deps import ReaderDep

router = APIRouter(prefix="/v1")
MAX_DAYS = 3660


@router.get("/evaluation", response_model=Evaluation,
            summary="A department's figures for a period: cases opened, transfers, median "
            "time per step, overdue rate, review reversal rate, 行刑衔接 and police "
            "acceptance; for the department itself and its supervisor (司法局)")
async def evaluation(caller: CallerDep, ctx: ContextDep, session: ReaderDep,
                     department: str | None = Query(default=None,
                                                    pattern=r"^[A-Z0-9][A-Z0-9\-]{0,31}$"),
                     period_from: Day | None = Query(default=None, alias="from"),
                     period_to: Day | None = Query(default=None, alias="to")) -> Evaluation:
    wanted = department or caller.dept
    if wanted not in ctx.reference.departments:
        raise Unusable("department", f'"{wanted}" is not a department of departments.yaml',
                       "unknown-department")
    if caller.dept != ctx.rules.supervision.administrative:
        ensure_owner(caller, wanted, f"the evaluation of {wanted}",
                     "a department reads its own; the supervisor reads every department's")
    last = period_to or ctx.clock.today()
    first = period_from or last.replace(day=1)
    if first > last or (last - first) > timedelta(days=MAX_DAYS):
        raise Unusable("from", f"the period {first}…{last} must run forward and span at most "
                       f"{MAX_DAYS} days", "bad-period")
    return await evaluate(session, wanted, first, last, ctx.clock.now())
