"""Departmental bearer tokens (部门调用方鉴权) through a small FastAPI app."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Annotated

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi import FastAPI

from shared.access import Role, requires
from shared.auth import (
    Caller,
    CallerDep,
    OptionalCallerDep,
    TokenIssuer,
    TokenRejected,
    TokenVerifier,
    install_auth,
)
from shared.web.problems import install_problem_handlers

SECRET = "test-signing-key-of-a-sensible-length-0123456789"
ISSUER = "jianguan-test"


def make_app(verifier: TokenVerifier) -> FastAPI:
    app = FastAPI()
    install_auth(app, verifier)
    install_problem_handlers(app)

    @app.get("/me")
    async def me(caller: CallerDep) -> dict[str, str]:
        return {"dept": caller.dept, "region": caller.region, "client_id": caller.client_id}

    @app.post("/transfers")
    async def transfer(
        caller: Annotated[Caller, requires(Role.HEAD)],
    ) -> dict[str, str]:
        return {"by": caller.dept}

    @app.get("/notices")
    async def notices(caller: OptionalCallerDep) -> dict[str, str]:
        return {"view": "public" if caller is None else f"department {caller.dept}"}

    return app


async def call(app: FastAPI, method: str, path: str, token: str | None = None,
               authorization: str | None = None) -> httpx.Response:
    headers = {"Authorization": authorization or f"Bearer {token}"} if (
        token or authorization) else {}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.request(method, path, headers=headers)


@pytest.fixture
def app() -> FastAPI:
    return make_app(TokenVerifier(secret=SECRET, issuer=ISSUER))


issuer = TokenIssuer(SECRET, ISSUER)


async def test_valid_token_names_the_calling_department(app: FastAPI) -> None:
    token = issuer.issue("SCJG", roles=["case:read"], region="370202", client_id="scjg-qd")
    response = await call(app, "GET", "/me", token)
    assert response.status_code == 200
    assert response.json() == {"dept": "SCJG", "region": "370202", "client_id": "scjg-qd"}


async def test_missing_header_is_401_with_a_bearer_challenge(app: FastAPI) -> None:
    response = await call(app, "GET", "/me")
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in response.json()["detail"]


async def test_non_bearer_header_is_401_saying_how_to_send_it(app: FastAPI) -> None:
    response = await call(app, "GET", "/me", authorization="Basic c2NqZzpwdw==")
    assert response.status_code == 401
    assert 'error="invalid_request"' in response.headers["WWW-Authenticate"]
    assert "Bearer <token>" in response.json()["detail"]


async def test_expired_token_is_401_saying_when_it_expired(app: FastAPI) -> None:
    token = issuer.issue("SCJG", ttl=timedelta(minutes=-5))
    response = await call(app, "GET", "/me", token)
    assert response.status_code == 401
    detail = response.json()["detail"]
    assert "expired at" in detail
    assert str(datetime.now(UTC).year) in detail
    assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


async def test_token_signed_with_another_key_is_401(app: FastAPI) -> None:
    token = TokenIssuer("a-different-signing-key-of-sensible-length-987", ISSUER).issue("SCJG")
    response = await call(app, "GET", "/me", token)
    assert response.status_code == 401
    assert "signature" in response.json()["detail"]


async def test_token_from_another_issuer_is_401_naming_the_expected_one(app: FastAPI) -> None:
    token = TokenIssuer(SECRET, "someone-else").issue("SCJG")
    response = await call(app, "GET", "/me", token)
    assert response.status_code == 401
    assert f"'{ISSUER}'" in response.json()["detail"]


async def test_token_without_dept_claim_is_401_naming_the_claim(app: FastAPI) -> None:
    now = int(datetime.now(UTC).timestamp())
    token = jwt.encode({"sub": "x", "roles": [], "iss": ISSUER, "iat": now, "exp": now + 60},
                       SECRET, algorithm="HS256")
    response = await call(app, "GET", "/me", token)
    assert response.status_code == 401
    assert "'dept'" in response.json()["detail"]


async def test_missing_role_is_403_naming_role_and_department(app: FastAPI) -> None:
    token = issuer.issue("WSJKW", roles=["officer"])
    response = await call(app, "POST", "/transfers", token)
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["role"] == "head"
    detail = response.json()["detail"]
    assert "'head'" in detail and "WSJKW" in detail

    allowed = await call(app, "POST", "/transfers", issuer.issue("SCJG", roles=["head"]))
    assert allowed.status_code == 200


async def test_public_endpoint_serves_anonymous_and_departmental_callers(app: FastAPI) -> None:
    assert (await call(app, "GET", "/notices")).json() == {"view": "public"}
    departmental = await call(app, "GET", "/notices", issuer.issue("SCJG"))
    assert departmental.json() == {"view": "department SCJG"}
    assert (await call(app, "GET", "/notices", "not-a-jwt")).status_code == 401


# --- JWKS (production shape) -----------------------------------------------------------

idp_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def jwks_url() -> Iterator[str]:
    """A key set served over HTTP on 127.0.0.1, as an identity provider would."""
    jwk = jwt.algorithms.RSAAlgorithm.to_jwk(idp_key.public_key(), as_dict=True)
    body = json.dumps({"keys": [{**jwk, "kid": "idp-1", "use": "sig", "alg": "RS256"}]}).encode()

    class KeySet(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), KeySet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/.well-known/jwks.json"
    server.shutdown()
    server.server_close()


def idp_token(key: rsa.RSAPrivateKey, kid: str = "idp-1", **claims: object) -> str:
    now = int(datetime.now(UTC).timestamp())
    payload = {"sub": "scjg-case-system", "dept": "SCJG", "region": "370200",
               "roles": ["head"], "iss": ISSUER, "iat": now, "exp": now + 300, **claims}
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": kid})


async def test_rs256_token_verifies_against_the_identity_providers_key_set(
        jwks_url: str) -> None:
    app = make_app(TokenVerifier(secret=SECRET, issuer=ISSUER, jwks_url=jwks_url))
    response = await call(app, "POST", "/transfers", idp_token(idp_key))
    assert response.status_code == 200
    assert response.json() == {"by": "SCJG"}


async def test_key_set_verifier_rejects_forged_and_shared_secret_tokens(jwks_url: str) -> None:
    app = make_app(TokenVerifier(secret=SECRET, issuer=ISSUER, jwks_url=jwks_url))
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    forged = await call(app, "GET", "/me", idp_token(forger))
    unknown_kid = await call(app, "GET", "/me", idp_token(idp_key, kid="idp-9"))
    shared_secret = await call(app, "GET", "/me", issuer.issue("SCJG"))

    assert forged.status_code == 401 and "signature" in forged.json()["detail"]
    assert unknown_kid.status_code == 401 and "kid" in unknown_kid.json()["detail"]
    assert shared_secret.status_code == 401 and "RS256" in shared_secret.json()["detail"]


async def test_a_remembered_token_is_still_refused_once_it_expires() -> None:
    import asyncio

    issuer = TokenIssuer("a-secret-only-for-this-test-0123456789", "test-issuer")
    verifier = TokenVerifier(secret="a-secret-only-for-this-test-0123456789",
                             issuer="test-issuer", leeway=timedelta(0))
    token = issuer.issue("SCJG", roles=("officer",), ttl=timedelta(seconds=1))
    assert (await verifier.verify(token)).dept == "SCJG"
    assert (await verifier.verify(token)).dept == "SCJG"  # answered from memory
    await asyncio.sleep(1.6)
    with pytest.raises(TokenRejected, match="expired"):
        await verifier.verify(token)
