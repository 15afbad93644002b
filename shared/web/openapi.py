"""The OpenAPI document says what the service does (接口契约).

Every operation lists the errors it gives as ``application/problem+json`` with one shared
``Problem`` schema:

- what the platform knows from the route: 422 when it takes any input; 401 and 403 when
  it needs a token (403: a role it lacks, or a department the reference data does not
  list); what a dependency marks with :func:`gives` (429 of a rate limit, say);
- what the route declares itself with ``responses=problems(404, 409)`` (its handler's
  domain errors).

A public operation is documented with ``security: []`` (no token); an operation that needs
a role says which (``x-required-role`` and its description).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, routing
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute
from pydantic import BaseModel, ConfigDict, Field

from shared.web.problems import PROBLEM_MEDIA_TYPE

PROBLEMS_ATTRIBUTE = "__problems__"
ROLE_ATTRIBUTE = "__required_role__"
AUTH_ATTRIBUTE = "__needs_token__"
OPTIONAL_AUTH_ATTRIBUTE = "__optional_token__"
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
DESCRIPTIONS = {
    400: "The request cannot be read (a malformed header or body)",
    401: "No token, or a token that does not verify; the body says what to change",
    403: "The token lacks the role this needs, names a department not in the reference "
         "data, or the department does not own what it touches",
    404: "Nothing with this identifier",
    409: "The current state does not allow this step",
    413: "The request body is too large",
    422: "A field is invalid; the body names it and says what to change",
    429: "Too many requests from this address; wait for Retry-After seconds",
    503: "A dependency (database, broker or identity provider) is unreachable",
}


class FieldError(BaseModel):
    field: str = Field(description="where: body.uscc, query.as_of …", examples=["body.uscc"])
    message: str = Field(description="what is wrong with it")


class Problem(BaseModel):
    """An RFC 9457 problem document: what went wrong and what to change."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="URI of the problem type",
                      examples=["https://jianguan.gov.cn/problems/validation"])
    title: str = Field(description="short summary of the problem type")
    status: int = Field(description="the HTTP status", examples=[422])
    detail: str = Field(description="what went wrong here and what to change")
    instance: str = Field(description="the request path")
    trace_id: str | None = Field(default=None, description="W3C trace id of the request")
    errors: list[FieldError] | None = Field(default=None, description="each invalid field")


def gives(*statuses: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Mark a dependency with the error statuses it answers (documented on every route
    that uses it): ``@gives(429)`` on a rate limit."""

    def mark(function: Callable[..., Any]) -> Callable[..., Any]:
        setattr(function, PROBLEMS_ATTRIBUTE,
                tuple(sorted({*getattr(function, PROBLEMS_ATTRIBUTE, ()), *statuses})))
        return function

    return mark


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """``responses=problems(404, 409)``: the route's own error responses."""
    return {status: {"description": DESCRIPTIONS.get(status, HTTPStatus(status).phrase),
                     "content": {PROBLEM_MEDIA_TYPE: {"schema": PROBLEM_REF}}}
            for status in statuses}


def install_openapi(app: FastAPI) -> None:
    """Replace ``app.openapi`` with the documented contract (built once, then cached)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = contract(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def contract(app: FastAPI) -> dict[str, Any]:
    schema = get_openapi(title=app.title, version=app.version, description=app.description,
                         routes=app.routes, tags=app.openapi_tags)
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components["FieldError"] = components["Problem"].pop("$defs")["FieldError"]
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    # routers included in the app are walked as FastAPI walks them for its own document
    for route in routing.iter_route_contexts(app.routes):
        if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
            continue
        path = schema["paths"].get(route.path_format, {})
        for method in route.methods or ():
            operation = path.get(method.lower())
            if operation is not None:
                _document(operation, route)
    return schema


def _document(operation: dict[str, Any], route: Any) -> None:
    needs_token, optional_token, roles, statuses = _marks(route.dependant)
    # a hand-written hot path that reads the token itself still documents its security
    needs_token = needs_token or (bool(operation.get("security")) and not optional_token)
    responses = operation.setdefault("responses", {})
    if _takes_input(route):
        statuses.add(422)
    if route.dependant.body_params:  # an unreadable body; one past the size bound
        statuses.update((400, 413))
    if needs_token:
        statuses.update((401, 403))
    elif optional_token:
        operation["security"] = [{}, {"departmentToken": []}]
        operation["description"] = (operation.get("description", "") + "\n\nPublic: needs "
                                    "no token; a department's token acts for it.").strip()
    else:
        operation["security"] = []
        operation["description"] = (operation.get("description", "") +
                                     "\n\nPublic: needs no token.").strip()
    if roles:
        operation["x-required-role"] = sorted(roles)[0] if len(roles) == 1 else sorted(roles)
        operation["description"] = (operation.get("description", "") +
                                    f"\n\nNeeds the role `{'`, `'.join(sorted(roles))}`.").strip()
    for status, response in problems(*statuses).items():
        responses.setdefault(str(status), response)
    for status, response in responses.items():
        if status.isdigit() and int(status) >= 400:
            response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": PROBLEM_REF}}


def _marks(dependant: Dependant) -> tuple[bool, bool, set[str], set[int]]:
    needs_token, optional_token, roles, statuses = False, False, set(), set()
    for dep in _all(dependant):
        call = dep.call
        if call is None:
            continue
        if getattr(call, AUTH_ATTRIBUTE, False):
            needs_token = True
        if getattr(call, OPTIONAL_AUTH_ATTRIBUTE, False):
            optional_token = True
        if (role := getattr(call, ROLE_ATTRIBUTE, None)) is not None:
            roles.add(role)
            needs_token = True
        statuses.update(getattr(call, PROBLEMS_ATTRIBUTE, ()))
    return needs_token, optional_token and not needs_token, roles, statuses


def _all(dependant: Dependant) -> Iterable[Dependant]:
    yield dependant
    for sub in dependant.dependencies:
        yield from _all(sub)


def _takes_input(route: Any) -> bool:
    d = route.dependant
    params = [*d.path_params, *d.query_params, *d.header_params, *d.cookie_params,
              *d.body_params]
    for sub in _all(d):
        params += [*sub.path_params, *sub.query_params, *sub.header_params, *sub.body_params]
    return bool(params)
