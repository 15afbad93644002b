"""What a market entity's own token may do here (市场主体自助, issue 16.7): apply for the
repair of its record, object to its record, fetch its own credit report (JSON or HTML);
nothing else.

A plain ASGI middleware, outside every route and the check lane, so no route can forget
it: a request under ``/v1/`` with an entity's token (role ``entity``, bound to a USCC)
that is not one of those four is answered 403 here. The four routes check the rest
themselves: the repair and the objection that the record is the entity's own
(``shared.access.ensure_acts_for``), the report that its path names the entity's own
USCC (``api.deps.ReportReader``), which this gate also holds it to. A department's
token, or none, passes untouched. A token not verified yet is verified here only if it
names a USCC (only an entity's token may, ``shared.tokens``), so a department's token
is still first verified by its route (which the check lane relies on); one that does
not verify is left to the route's 401.
"""

from __future__ import annotations

import re

import jwt
from starlette.types import ASGIApp, Receive, Scope, Send

from shared.tokens import Caller, TokenVerifier
from shared.uscc import InvalidUSCC, validate
from shared.web.problems import ProblemResponse, problem_body

API = "/v1/"
ENTITY_ROUTES = (("POST", re.compile(r"/v1/repairs")), ("POST", re.compile(r"/v1/objections")),
                 ("GET", re.compile(r"/v1/entities/(?P<uscc>[^/]+)/report(\.html)?")))
"""(method, full path) of the routes an entity's token may call; ``uscc``: its own only."""


class EntityGate:
    """``Middleware(EntityGate)``: outside the check lane and the router."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(API):
            caller = await _entity_caller(scope)
            if caller is not None:
                refusal = _refusal(caller, scope["method"], scope["path"])
                if refusal is not None:
                    title, detail, slug = refusal
                    body = problem_body(403, title, detail, slug, scope["path"],
                                        uscc=caller.uscc)
                    await ProblemResponse(body, status_code=403)(scope, receive, send)
                    return
        await self.app(scope, receive, send)


async def _entity_caller(scope: Scope) -> Caller | None:
    """The caller of the request's bearer token if it is a market entity's, else None."""
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            verifier: TokenVerifier | None = getattr(scope["app"].state, "token_verifier",
                                                     None)
            if scheme.lower() != "bearer" or verifier is None:
                return None
            token = token.strip()
            caller = verifier.remembered(token)
            if caller is None:
                if not _names_a_uscc(token):
                    return None  # a department's token (or none that verifies)
                try:
                    caller = await verifier.verify(token)
                except Exception:  # the route answers every token problem (401, 403, 503)
                    return None
            return caller if caller.is_entity else None
    return None


def _names_a_uscc(token: str) -> bool:
    """Whether the token's claims, unverified, name a USCC as an entity's token does."""
    try:
        return "uscc" in jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return False


def _refusal(caller: Caller, method: str, path: str) -> tuple[str, str, str] | None:
    """Why an entity's token may not make this call (title, detail, type), or None."""
    for allowed, pattern in ENTITY_ROUTES:
        found = pattern.fullmatch(path)
        if found is None or method != allowed:
            continue
        raw = found.groupdict().get("uscc")
        if raw is None:
            return None
        try:
            uscc = validate(raw)
        except InvalidUSCC:
            return None  # the route names what is wrong with it (422)
        if uscc == caller.uscc:
            return None
        return ("Not your entity", f"the credit report of {uscc} is that entity's; the token "
                f"of entity {caller.uscc} fetches its own report only", "not-your-entity")
    return ("Not for an entity's token",
            f"{method} {path} is for departments; a market entity's own token applies for "
            "repair (POST /v1/repairs), objects to a record (POST /v1/objections) and "
            "fetches its own credit report (GET /v1/entities/{uscc}/report)",
            "entity-not-allowed")
