"""Errors a browser sees on the public pages: the platform answers every error as an
RFC 9457 problem (JSON); on a page path, to a client asking for HTML, the same error is
an HTML page saying in Chinese what happened and what to do (issue 19)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from services.public_notice.api.rendering import error_page, wants_page
from shared.errors import DomainProblem

Handler = Callable[[Request, Exception], Awaitable[Response]]


def install_page_errors(app: FastAPI) -> None:
    """Wrap the platform's problem handlers with their HTML twin for pages."""
    for kind in (HTTPException, RequestValidationError, DomainProblem):
        app.add_exception_handler(kind, _for_pages(app.exception_handlers[kind]))


def _for_pages(problem: Handler) -> Handler:
    async def handle(request: Request, exc: Exception) -> Response:
        if not await wants_page(request):
            return await problem(request, exc)
        if isinstance(exc, RequestValidationError):
            status, headers = 422, None
        elif isinstance(exc, DomainProblem):
            status, headers = exc.status, exc.headers
        else:
            assert isinstance(exc, HTTPException)
            status, headers = exc.status_code, exc.headers
        return error_page(request.app.state.context, status, headers=headers)

    return handle
