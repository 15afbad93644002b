"""The complaint-intake service (投诉举报).

Run with ``uvicorn --factory services.complaint_intake.app:create_app``.
"""

from __future__ import annotations

from fastapi import FastAPI

from services.complaint_intake import api, consumers
from services.complaint_intake.config import Settings
from shared.web import build_service_app

API_VERSION = "0.1.0"
DESCRIPTION = """投诉举报: Takes complaints and whistleblower reports, routes them
and tracks their handling."""


def create_app(settings: Settings | None = None) -> FastAPI:
    return build_service_app(
        settings or Settings(),
        title="投诉举报 Complaint intake",
        description=DESCRIPTION,
        version=API_VERSION,
        routers=[api.router],
        subscriptions=consumers.subscriptions,
        tags_metadata=[api.TAG],
    )
