"""HTTP edge of complaint-intake (投诉举报): one router per resource.

Routes parse, call one handler, shape the answer; the rules live in ``handlers`` and
``domain``.
"""

from __future__ import annotations

from fastapi import APIRouter

from services.complaint_intake.api import complaints, department, handling, open311, receipts

TAG = {"name": "complaint-intake", "description": "投诉举报: intake from every channel, "
       "receipts, routing, deadlines, handling, whistleblower protection, rewards, stats"}
router = APIRouter(tags=[TAG["name"]])
for resource in (complaints, receipts, handling, department):
    router.include_router(resource.router)
router.include_router(open311.router)
