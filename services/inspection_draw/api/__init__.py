"""HTTP edge of inspection-draw (双随机抽查): one router per resource, all under ``/v1``.

Routes parse, call one handler, shape the answer; the rules live in ``handlers`` and
``domain``.
"""

from __future__ import annotations

from fastapi import APIRouter

from services.inspection_draw.api import catalogue, draws, plans, redraws, results

TAG = {"name": "inspection-draw", "description": "双随机、一公开: matters, inspectors, plans, "
       "verifiable draws and results"}
router = APIRouter(tags=[TAG["name"]])
for resource in (catalogue, results, plans, draws, redraws):  # /tasks/overdue before /tasks/{id}
    router.include_router(resource.router)
