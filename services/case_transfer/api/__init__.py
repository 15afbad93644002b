"""HTTP edge of case-transfer (案件移送): one router per resource, all under ``/v1``.

Routes parse, call one handler, shape the answer; the rules live in ``handlers`` and
``domain``.
"""

from __future__ import annotations

from fastapi import APIRouter

from services.case_transfer.api import (
    cases,
    cooperation,
    decisions,
    evaluation,
    police,
    supervision,
    transfers,
)

TAG = {"name": "case-transfer", "description": "案件移送: cases and clues between departments, "
       "regions and the police (行刑衔接), legal review, discretion benchmarks, 督办"}
router = APIRouter(tags=[TAG["name"]])
# /cases/overdue before /cases/{case_id}
for resource in (supervision, cases, transfers, police, decisions, cooperation, evaluation):
    router.include_router(resource.router)
