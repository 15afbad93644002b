"""HTTP edge of credit-rating (信用评价): one router per resource, all under ``/v1``.

Routes parse, call one handler, shape the answer; the rules live in ``handlers`` and
``domain``.
"""

from __future__ import annotations

from fastapi import APIRouter

from services.credit_rating.api import checks, entities, grades, lists, records

TAG = {"name": "credit-rating", "description": "信用评价: registry, credit records, grades, "
       "逢办必查, blacklist and watchlist"}
router = APIRouter(tags=[TAG["name"]])
for resource in (entities, records, grades, checks, lists):
    router.include_router(resource.router)
