"""HTTP edge of public-notice (信息公示): one router per resource.

The JSON API under ``/v1`` and the Atom feeds are documented; the server-rendered pages
(``/``, ``/search``, ``/entities/…``, ``/notices…``, ``/rules``, ``/receipts``) each
have a JSON twin there and stay out of the OpenAPI document; the receipt form's twin is
complaint-intake's own ``GET /v1/receipts/{code}``, where receipts live.
"""

from __future__ import annotations

from fastapi import APIRouter

from services.public_notice.api import entities, feeds, notice_pages, notices, pages

TAG = {"name": "public-notice", "description": "信息公示: public notices, the public credit "
       "query, feeds, and a department's withdrawal of its own notice"}
router = APIRouter(tags=[TAG["name"]])
for resource in (entities, notices, feeds, pages, notice_pages):
    router.include_router(resource.router)
