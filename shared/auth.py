"""Bearer JWTs for departmental callers at the HTTP edge (部门调用方鉴权).

A department's system calls with ``Authorization: Bearer <jwt>`` (OAuth2 client-credentials
shape); :mod:`shared.tokens` verifies it. ``CallerDep`` is the verified caller or a 401
saying what to change; ``OptionalCallerDep`` is ``None`` for the public. Roles and
ownership are :mod:`shared.access`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.types import Scope

from shared.errors import DomainProblem
from shared.tokens import (  # noqa: F401  (the tokens' names, as callers import them)
    CACHE_SECONDS,
    JWKS_ALGORITHMS,
    REALM,
    SHARED_SECRET_ALGORITHMS,
    Caller,
    IdentityProviderUnavailable,
    TokenIssuer,
    TokenRejected,
    TokenVerifier,
    UnknownDepartment,
    caller_from_claims,
)

# --- FastAPI ---------------------------------------------------------------------------

bearer_scheme = HTTPBearer(
    auto_error=False, scheme_name="departmentToken",
    description="JWT of a departmental system: claims dept, region, roles.",
)
# For a route that calls ``current_caller(request)`` itself (a hot path that resolves no
# dependency): ``@router.get(…, openapi_extra=BEARER_REQUIREMENT)`` documents the token.
BEARER_REQUIREMENT = {"security": [{"departmentToken": []}]}


def install_auth(app: FastAPI, verifier: TokenVerifier) -> None:
    """Make ``verifier`` the one the caller dependencies of ``app`` use."""
    app.state.token_verifier = verifier


def _challenge(description: str = "", error: str = "") -> dict[str, str]:
    """RFC 6750 ``WWW-Authenticate``; no error code when no credentials were sent."""
    value = f'Bearer realm="{REALM}"'
    if error:
        safe = "".join(c for c in description if " " <= c <= "~" and c not in '"\\')
        value += f', error="{error}", error_description="{safe}"'
    return {"WWW-Authenticate": value}


async def _caller_from_header(request: Request, header: str) -> Caller:
    verifier: TokenVerifier | None = getattr(request.app.state, "token_verifier", None)
    if verifier is None:
        raise RuntimeError("install_auth(app, verifier) was not called for this app")
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or " " in token:
        description = "send the header as 'Authorization: Bearer <token>'"
        raise HTTPException(401, detail=f"Authorization header is malformed; {description}",
                            headers=_challenge(description, "invalid_request"))
    try:
        return await verifier.verify(token)
    except TokenRejected as exc:
        raise HTTPException(401, detail=exc.description,
                            headers=_challenge(exc.description, exc.error)) from exc
    except UnknownDepartment as exc:
        raise DomainProblem(
            403, "Unknown department",
            f"department {exc.dept!r} of this token is not in the reference data "
            "(departments.yaml); request a token for a listed department code such as SCJG",
            "unknown-department", department=exc.dept) from exc
    except IdentityProviderUnavailable as exc:
        raise HTTPException(503, detail="tokens cannot be checked right now: the identity "
                            "provider's key set is unreachable; retry shortly",
                            headers={"Retry-After": "30"}) from exc


async def current_caller(
    request: Request,
    _bearer: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)] = None,
) -> Caller:
    """The verified departmental caller, or 401 saying what to change."""
    header = request.headers.get("Authorization")
    if header is None:
        raise HTTPException(
            401, detail="this endpoint needs a departmental token; send "
            "'Authorization: Bearer <token>'", headers=_challenge())
    return await _caller_from_header(request, header)


async def optional_caller(
    request: Request,
    _bearer: Annotated[HTTPAuthorizationCredentials | None, Security(bearer_scheme)] = None,
) -> Caller | None:
    """None for the public (no Authorization header); a bad header is still a 401."""
    header = request.headers.get("Authorization")
    return None if header is None else await _caller_from_header(request, header)


# read by the OpenAPI documentation (shared.web.openapi): a token is needed, and a token
# that does not verify is a 401, one of an unlisted department a 403
current_caller.__needs_token__ = True  # type: ignore[attr-defined]
current_caller.__problems__ = (401, 403)  # type: ignore[attr-defined]
optional_caller.__optional_token__ = True  # type: ignore[attr-defined]
optional_caller.__problems__ = (401, 403)  # type: ignore[attr-defined]

CallerDep = Annotated[Caller, Depends(current_caller)]
OptionalCallerDep = Annotated[Caller | None, Depends(optional_caller)]


def remembered_caller(scope: Scope) -> Caller | None:
    """For a fast lane (a pure ASGI path that resolves no dependency): the caller of the
    request's bearer token if it was verified before and is not due again, else None, and
    the lane leaves the request to its route (which answers 401s and 403s)."""
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() != "bearer":
                return None
            verifier: TokenVerifier | None = getattr(scope["app"].state, "token_verifier", None)
            return None if verifier is None else verifier.remembered(token.strip())
    return None
