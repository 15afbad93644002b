"""RFC 9457 problem details (问题详情) for every error a service returns.

Every error body is ``application/problem+json`` with ``type``, ``title``, ``status``,
``detail`` (what went wrong and what to change), ``instance`` (the request path) and
``trace_id``. Services raise :class:`DomainProblem` for rule violations (409 …) and
``HTTPException`` for the rest; validation errors name the offending field. Unhandled
exceptions become a bare 500 in :mod:`shared.web.middleware`, which owns the trace.
"""

from __future__ import annotations

import re
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request, routing
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from shared.errors import DomainProblem
from shared.observability import current_trace_id

__all__ = ["DomainProblem", "install_problem_handlers", "problem_response"]

PROBLEM_TYPE_BASE = "https://jianguan.gov.cn/problems/"
PROBLEM_MEDIA_TYPE = "application/problem+json"


class ProblemResponse(JSONResponse):
    """A problem document (JSON without ASCII escaping: Chinese stays readable)."""

    media_type = PROBLEM_MEDIA_TYPE


def problem_body(status: int, title: str, detail: str, type_suffix: str, instance: str,
                 **extra: Any) -> dict[str, Any]:
    """The problem document; ``extra`` members follow the standard ones."""
    return {
        "type": PROBLEM_TYPE_BASE + type_suffix,
        "title": title,
        "status": status,
        "detail": detail,
        "instance": instance,
        "trace_id": current_trace_id(),
        **extra,
    }


def problem_response(request: Request, status: int, title: str, detail: str,
                     type_suffix: str, headers: dict[str, str] | None = None,
                     **extra: Any) -> ProblemResponse:
    body = problem_body(status, title, detail, type_suffix, request.url.path, **extra)
    return ProblemResponse(body, status_code=status, headers=headers)


def status_slug(status: int) -> str:
    """``404`` → ``not-found``: the problem type of a plain HTTP error."""
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "-").replace("'", "")
    except ValueError:
        return f"http-{status}"


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"HTTP {status}"


async def _http_problem(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, StarletteHTTPException)
    status, extra = exc.status_code, {}
    detail = exc.detail if isinstance(exc.detail, str) else _title(status)
    if not isinstance(exc.detail, str):
        extra["errors"] = exc.detail
    if status == 404 and detail == _title(404):
        detail = (f"nothing is served at {request.url.path}; check the path against "
                  "this service's OpenAPI document at /openapi.json")
    elif status == 405:
        # Starlette names only the first matching route's methods: name them all
        allowed = allowed_methods(request) or (exc.headers or {}).get("Allow", "")
        exc.headers = {**(exc.headers or {}), "Allow": allowed}
        if detail == _title(405):
            detail = f"{request.method} is not allowed on {request.url.path}; use {allowed}"
    return problem_response(request, status, _title(status), detail, status_slug(status),
                            headers=exc.headers, **extra)


def allowed_methods(request: Request) -> str:
    """The methods of the resource at the request's path (``Allow``): of every route whose
    template matches the path, those of the most specific templates (``/v1/plans/{id}:file``
    before ``/v1/plans/{id}``, which also matches ``/v1/plans/P-1:file``)."""
    found: dict[int, set[str]] = {}
    for route in routing.iter_route_contexts(request.app.routes):
        regex, route_methods = getattr(route, "path_regex", None), route.methods
        if regex is not None and route_methods and regex.match(request.url.path):
            literal = len(_PARAMETER.sub("", route.path_format or ""))
            found.setdefault(literal, set()).update(route_methods)
    return ", ".join(sorted(found[max(found)])) if found else ""


_PARAMETER = re.compile(r"\{[^}]*\}")


def field_name(location: tuple[Any, ...] | list[Any]) -> str:
    """``("body", "uscc")`` → ``body.uscc``; list positions are kept (``body.items.0``)."""
    return ".".join(str(part) for part in location) or "request"


def _field_error(error: dict[str, Any]) -> dict[str, str]:
    if error.get("type") == "json_invalid":  # its loc ends in a character offset
        reason = (error.get("ctx") or {}).get("error", "")
        return {"field": "body", "message": f"the body is not valid JSON ({reason}); "
                f"the error is at character {error['loc'][-1]}"}
    return {"field": field_name(error.get("loc", ())), "message": error.get("msg", "invalid")}


async def _validation_problem(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [_field_error(error) for error in exc.errors()]
    first = errors[0] if errors else {"field": "request", "message": "invalid"}
    detail = f"{first['field']}: {first['message']}; correct this field and send again"
    if len(errors) > 1:
        detail += f" ({len(errors)} problems in all, listed in errors)"
    return problem_response(request, 422, "Request is invalid", detail, "validation",
                            errors=errors)


async def _domain_problem(request: Request, exc: Exception) -> ProblemResponse:
    assert isinstance(exc, DomainProblem)
    return problem_response(request, exc.status, exc.title, exc.detail, exc.type_suffix,
                            exc.headers, **exc.extra)


def internal_error_body(instance: str) -> dict[str, Any]:
    """What a caller learns of an unhandled exception: that it happened, and its trace."""
    return problem_body(500, "Internal Server Error",
                        "the service failed while handling this request; report the "
                        "trace_id to the operators", "internal", instance)


def install_problem_handlers(app: FastAPI) -> None:
    """Turn HTTP, validation and domain errors of ``app`` into problem documents."""
    app.add_exception_handler(StarletteHTTPException, _http_problem)
    app.add_exception_handler(RequestValidationError, _validation_problem)
    app.add_exception_handler(DomainProblem, _domain_problem)
