"""Departmental tokens (部门令牌): the dev issuer and the verifier of bearer JWTs.

Claims: ``sub`` (client id), ``dept`` (department code), ``region`` (6-digit region code),
``roles``, ``iss``, ``iat``, ``exp``. The embedded default signs and verifies HS256 with a
shared secret (:class:`TokenIssuer` is the dev issuer behind ``jianguan token issue``);
production verifies RS256/ES256 against the identity provider's JWKS. A token of a
department the reference data does not list is refused (:class:`UnknownDepartment`).

A market entity's own token (市场主体令牌) carries a ``uscc`` claim, the one role
``entity`` and the reserved department code ``ENTITY_DEPT``, which no department holds:
every ownership check compares departments, so a code that owns nothing can pass none
of them (an entity token with its registering department's code would act as that
department everywhere). Only a service whose settings set ``accept_entity_tokens``
accepts such a token at all; every other refuses it (403) as it refuses an unlisted
department, and a token mixing the two kinds is not accepted anywhere (401).
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt

from shared.settings import ServiceSettings
from shared.uscc import InvalidUSCC, validate

CACHE_SECONDS = 300.0
CACHE_SIZE = 10_000

SHARED_SECRET_ALGORITHMS = ("HS256",)
JWKS_ALGORITHMS = ("RS256", "ES256")
REGION_CODE = re.compile(r"^\d{6}$")
REALM = "jianguan"
ENTITY_DEPT = "ENTITY"  # reserved: the department code of every market entity's own token
ENTITY_ROLE = "entity"  # shared.access.Role.ENTITY


@dataclass(frozen=True)
class Caller:
    """The department system behind a verified token, or a market entity acting for
    itself (``uscc`` set, department ``ENTITY_DEPT``, role ``entity``)."""

    client_id: str
    dept: str
    region: str
    roles: frozenset[str]
    uscc: str | None = None

    def has_role(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_entity(self) -> bool:
        """True for a market entity's own token (bound to ``uscc``)."""
        return self.uscc is not None


class TokenRejected(Exception):
    """A token (or Authorization header) this service does not accept; says what to change."""

    def __init__(self, description: str, error: str = "invalid_token") -> None:
        super().__init__(description)
        self.description = description
        self.error = error


class IdentityProviderUnavailable(Exception):
    """The JWKS could not be fetched, so no token can be checked right now."""


class UnknownDepartment(Exception):
    """A genuine token of a department the reference data does not list (403)."""

    def __init__(self, dept: str) -> None:
        super().__init__(dept)
        self.dept = dept


class EntityTokenRefused(UnknownDepartment):
    """A genuine market entity's token at a service that takes none (403)."""


class TokenIssuer:
    """Signs HS256 tokens with the shared secret: the embedded default's dev issuer."""

    def __init__(self, secret: str, issuer: str) -> None:
        self.secret = secret
        self.issuer = issuer

    @classmethod
    def from_settings(cls, settings: ServiceSettings) -> TokenIssuer:
        return cls(settings.jwt_secret, settings.jwt_issuer)

    def issue(self, dept: str, roles: Iterable[str] = (), region: str = "370200",
              ttl: timedelta = timedelta(hours=12), client_id: str | None = None, *,
              uscc: str | None = None) -> str:
        """A department's token; with ``uscc`` a market entity's own token instead, whose
        department is ``ENTITY_DEPT`` and whose one role is ``entity``."""
        roles = set(roles)
        if uscc is not None:
            uscc = validate(uscc)  # InvalidUSCC (a ValueError) names what is wrong
            if dept != ENTITY_DEPT or not roles <= {ENTITY_ROLE}:
                raise ValueError(f"an entity token has department {ENTITY_DEPT} and the one "
                                 f"role {ENTITY_ROLE}, not {dept} with {sorted(roles)}")
            roles = {ENTITY_ROLE}
        elif dept == ENTITY_DEPT or ENTITY_ROLE in roles:
            raise ValueError(f"department {ENTITY_DEPT} and role {ENTITY_ROLE} are for a market "
                             "entity's own token: give its uscc")
        if not dept:
            raise ValueError("dept must be a department code such as SCJG")
        if not REGION_CODE.match(region):
            raise ValueError(f"region must be a 6-digit region code such as 370200, not {region!r}")
        now = datetime.now(UTC)
        default_id = f"entity-{uscc}" if uscc else f"{dept.lower()}-dev-{uuid.uuid4().hex[:8]}"
        claims: dict[str, Any] = {
            "sub": client_id or default_id,
            "dept": dept,
            "region": region,
            "roles": sorted(roles),
            "iss": self.issuer,
            "iat": int(now.timestamp()),
            "exp": int((now + ttl).timestamp()),
        }
        if uscc is not None:
            claims["uscc"] = uscc
        return jwt.encode(claims, self.secret, algorithm="HS256")


class TokenVerifier:
    """Checks a token's signature, lifetime, issuer and claims and returns its :class:`Caller`."""

    def __init__(self, *, secret: str, issuer: str, jwks_url: str = "",
                 leeway: timedelta = timedelta(seconds=30),
                 departments: Iterable[str] | None = None,
                 accept_entities: bool = False) -> None:
        self.secret = secret
        # the departments of the reference data: a token of any other is refused (403)
        self.departments = frozenset(departments) if departments is not None else None
        # market entities' own tokens: refused (403) unless the service takes them
        self.accept_entities = accept_entities
        self.issuer = issuer
        self.leeway = leeway
        self._verified: dict[str, tuple[Caller, float]] = {}
        self._jwks = jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=300, timeout=10) \
            if jwks_url else None

    @classmethod
    def from_settings(cls, settings: ServiceSettings,
                      departments: Iterable[str] | None = None) -> TokenVerifier:
        return cls(secret=settings.jwt_secret, issuer=settings.jwt_issuer,
                   jwks_url=settings.jwks_url, departments=departments,
                   accept_entities=bool(getattr(settings, "accept_entity_tokens", False)))

    async def verify(self, token: str) -> Caller:
        """The caller a token proves; a token verified before is answered from memory.

        Department systems send the same token on every call until it expires, so a
        verified token is remembered until its ``exp`` but at most ``CACHE_SECONDS``
        (like the JWKS key cache), saving the signature check (and, with a JWKS, a
        thread hop) on every request.
        """
        now = time.time()
        remembered = self._verified.get(token)
        if remembered is not None and remembered[1] > now:
            return remembered[0]
        caller, exp = await self._verify(token)
        if caller.is_entity:  # its department is ENTITY_DEPT, which no department holds
            if not self.accept_entities:
                raise EntityTokenRefused(caller.dept)
        elif self.departments is not None and caller.dept not in self.departments:
            raise UnknownDepartment(caller.dept)
        if len(self._verified) >= CACHE_SIZE:
            self._verified.clear()
        self._verified[token] = (caller, min(exp, now + CACHE_SECONDS))
        return caller

    def remembered(self, token: str) -> Caller | None:
        """The caller of a token verified before and not yet due again, else None."""
        found = self._verified.get(token)
        return found[0] if found is not None and found[1] > time.time() else None

    async def _verify(self, token: str) -> tuple[Caller, float]:
        if self._jwks is None:
            key: Any = self.secret
            algorithms = list(SHARED_SECRET_ALGORITHMS)
        else:
            key = await asyncio.to_thread(self._jwks_signing_key, token)
            algorithms = list(JWKS_ALGORITHMS)
        try:
            claims = jwt.decode(
                token, key, algorithms=algorithms, issuer=self.issuer, leeway=self.leeway,
                options={"require": ["exp", "iss"], "verify_aud": False},
            )
        except jwt.ExpiredSignatureError as exc:
            # decode() checks the signature before the lifetime, so this exp is genuine.
            exp = jwt.decode(token, options={"verify_signature": False}).get("exp", 0)
            when = datetime.fromtimestamp(exp, UTC).isoformat(timespec="seconds")
            raise TokenRejected(f"token expired at {when}; request a new token") from exc
        except jwt.InvalidAlgorithmError as exc:
            raise TokenRejected(
                f"token is signed with an algorithm this service does not accept; "
                f"sign with one of {', '.join(algorithms)}") from exc
        except jwt.InvalidSignatureError as exc:
            raise TokenRejected(
                f"token signature does not verify; request a token from issuer "
                f"'{self.issuer}'") from exc
        except jwt.InvalidIssuerError as exc:
            raise TokenRejected(
                f"token issuer is not trusted here; request a token from issuer "
                f"'{self.issuer}'") from exc
        except jwt.MissingRequiredClaimError as exc:
            raise TokenRejected(f"token lacks the '{exc.claim}' claim; request a new token") \
                from exc
        except jwt.ImmatureSignatureError as exc:
            raise TokenRejected(
                "token is not valid yet (iat or nbf lies in the future); check the issuer's "
                "clock") from exc
        except jwt.DecodeError as exc:
            raise TokenRejected(f"token is not a well-formed JWT ({exc}); send the token as "
                                "issued, without quotes or line breaks") from exc
        except jwt.PyJWTError as exc:
            raise TokenRejected(f"token rejected: {exc}; request a new token") from exc
        return caller_from_claims(claims), float(claims["exp"])

    def _jwks_signing_key(self, token: str) -> jwt.PyJWK:
        assert self._jwks is not None
        try:
            if jwt.get_unverified_header(token).get("alg") not in JWKS_ALGORITHMS:
                raise TokenRejected("token is signed with an algorithm this service does not "
                                    f"accept; sign with one of {', '.join(JWKS_ALGORITHMS)}")
            return self._jwks.get_signing_key_from_jwt(token)  # a PyJWK: binds its algorithm
        except jwt.PyJWKClientConnectionError as exc:
            raise IdentityProviderUnavailable(str(exc)) from exc
        except jwt.DecodeError as exc:
            raise TokenRejected(f"token is not a well-formed JWT ({exc}); send the token as "
                                "issued, without quotes or line breaks") from exc
        except (jwt.PyJWKClientError, jwt.PyJWKError) as exc:
            raise TokenRejected(
                "token's key id (kid) is not in the identity provider's key set; request a "
                "new token") from exc


def caller_from_claims(claims: dict[str, Any]) -> Caller:
    """The caller named by verified claims; rejects missing or mistyped suite claims."""
    for claim in ("dept", "roles"):
        if claim not in claims:
            raise TokenRejected(f"token lacks the '{claim}' claim; request a new token")
    dept, roles, region = claims["dept"], claims["roles"], claims.get("region", "")
    if not isinstance(dept, str) or not dept:
        raise TokenRejected("token's 'dept' claim must be a department code such as SCJG")
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        raise TokenRejected("token's 'roles' claim must be a list of role names")
    if region and not (isinstance(region, str) and REGION_CODE.match(region)):
        raise TokenRejected("token's 'region' claim must be a 6-digit region code such as 370200")
    client_id = claims.get("sub") or claims.get("client_id") or dept
    uscc = _entity_uscc(claims.get("uscc"), dept, roles)
    return Caller(client_id=str(client_id), dept=dept, region=region, roles=frozenset(roles),
                  uscc=uscc)


def _entity_uscc(uscc: Any, dept: str, roles: list[str]) -> str | None:
    """The USCC of a market entity's own token (None for a department's): such a token
    has department ``ENTITY_DEPT`` and the one role ``entity``, and only it has them."""
    if uscc is None:
        if dept == ENTITY_DEPT or ENTITY_ROLE in roles:
            raise TokenRejected(f"department {ENTITY_DEPT} and role {ENTITY_ROLE} belong to a "
                                "market entity's own token, which names its 'uscc'; request a "
                                "new token")
        return None
    if not isinstance(uscc, str):
        raise TokenRejected("token's 'uscc' claim must be a 统一社会信用代码")
    try:
        uscc = validate(uscc)
    except InvalidUSCC as exc:
        raise TokenRejected(f"token's 'uscc' claim is not a valid 统一社会信用代码 ({exc})") \
            from exc
    if dept != ENTITY_DEPT or set(roles) != {ENTITY_ROLE}:
        raise TokenRejected(f"a market entity's token has department {ENTITY_DEPT} and the one "
                            f"role {ENTITY_ROLE}; request a new token")
    return uscc
