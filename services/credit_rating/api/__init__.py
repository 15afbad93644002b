"""HTTP edge of credit-rating (信用评价): one router per resource, all under ``/v1``.

Routes parse, call one handler, shape the answer; the rules live in ``handlers`` and
``domain``.
"""

from __future__ import annotations

from fastapi import APIRouter

from services.credit_rating.api import (
    abnormal,
    blacklist_proposals,
    checks,
    commitments,
    entities,
    grades,
    lists,
    objections,
    persons,
    records,
    reminders,
    repairs,
    reports,
    risk,
)

TAG = {"name": "credit-rating", "description": "信用评价: registry, credit records, grades, "
       "逢办必查, risk (风险预警), blacklist (列入决定) and watchlist, 提醒约谈, 经营异常名录, "
       "commitments, repair, objections, credit report"}
router = APIRouter(tags=[TAG["name"]])
for resource in (checks, entities, records, grades, risk, lists,  # the hot path first
                 blacklist_proposals, reminders, commitments, repairs, objections, reports,
                 abnormal, persons):
    router.include_router(resource.router)
