"""The case-transfer service (案件移送).

Run with ``uvicorn --factory services.case_transfer.app:create_app``.
"""

from __future__ import annotations

from fastapi import FastAPI

from services.case_transfer import api, consumers
from services.case_transfer.bootstrap import CaseTransferContext, build
from services.case_transfer.config import Settings
from shared.web import service_app

API_VERSION = "0.1.0"
DESCRIPTION = """案件移送: Moves cases between departments along the responsibility
boundary list, with deadlines."""


def create_app(settings: Settings | None = None, *,
               context: CaseTransferContext | None = None) -> FastAPI:
    """The app, built from ``context`` (or from ``settings`` by ``bootstrap.build``)."""
    context = context or build(settings)
    return service_app(
        context,
        title="案件移送 Case transfer",
        description=DESCRIPTION,
        version=API_VERSION,
        routers=[api.router],
        consumers=consumers.consumers,
        tags_metadata=[api.TAG],
    )
