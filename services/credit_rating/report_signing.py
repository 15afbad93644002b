"""The credit report, signed (信用报告电子签名, CR-12 异地互认; issue 16.8).

The report is its JSON document (``handlers.report_document.CreditReport``); its member
``signature`` is a detached compact JWS (RFC 7515 appendix F: ``header..signature``) with
``alg`` EdDSA (Ed25519, RFC 8037) over the document without ``signature``, written in its
canonical form (RFC 8785 style: keys sorted, no spaces, UTF-8, whole floats as integers).
The protected header names the key (``kid``: its RFC 7638 thumbprint) and carries a
SHA-256 digest of each top-level member, so a check names what changed after signing.

The issuer publishes its public keys at ``/.well-known/jwks.json``; ``verify`` needs only
the document and those keys (offline: ``jianguan report verify FILE``).

Keys come from the setting ``report_signing_key``: base64 of an Ed25519 private key's 32
bytes, several separated by commas, newest first. The first signs; all are published, so
a report signed before a rotation still verifies.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

ALGORITHM = "EdDSA"
TYPE = "jianguan-credit-report+jws"
SIGNATURE = "signature"
NEW_KEY_HINT = ('make one with: python -c "import base64, os; '
                'print(base64.b64encode(os.urandom(32)).decode())"')


class ReportNotVerified(Exception):
    """The report does not verify; the message says why."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def canonical(value: Any) -> bytes:
    """``value`` (JSON data) in one byte form: keys sorted, no spaces, UTF-8, a whole
    float written as an integer (as RFC 8785 and JavaScript write numbers)."""
    return json.dumps(_whole(value), sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False, allow_nan=False).encode("utf-8")


def _whole(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Mapping):
        return {key: _whole(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_whole(item) for item in value]
    return value


def digest(value: Any) -> str:
    return b64url(hashlib.sha256(canonical(value)).digest())


def public_jwk(key: Ed25519PublicKey) -> dict[str, str]:
    raw = key.public_bytes_raw()
    thumbprint = {"crv": "Ed25519", "kty": "OKP", "x": b64url(raw)}  # RFC 7638 members
    return {**thumbprint, "kid": digest(thumbprint), "use": "sig", "alg": ALGORITHM}


@dataclass(frozen=True)
class ReportSigner:
    """The issuing service's keys: the first signs, all are published."""

    keys: tuple[Ed25519PrivateKey, ...]

    @classmethod
    def from_setting(cls, value: str, variable: str = "CREDIT_RATING_REPORT_SIGNING_KEY"
                     ) -> ReportSigner:
        keys = []
        for number, text in enumerate(value.split(","), start=1):
            try:
                seed = base64.b64decode(text.strip().replace("-", "+").replace("_", "/")
                                        + "=" * (-len(text.strip()) % 4), validate=True)
            except (binascii.Error, ValueError):
                seed = b""
            if len(seed) != 32:
                raise ValueError(f"{variable}: key {number} is not base64 of 32 bytes (an "
                                 f"Ed25519 private key); {NEW_KEY_HINT}")
            keys.append(Ed25519PrivateKey.from_private_bytes(seed))
        return cls(tuple(keys))

    @property
    def key_id(self) -> str:
        return public_jwk(self.keys[0].public_key())["kid"]

    def jwks(self) -> dict[str, list[dict[str, str]]]:
        """The JSON Web Key Set of ``/.well-known/jwks.json``."""
        return {"keys": [public_jwk(key.public_key()) for key in self.keys]}

    def sign(self, document: Mapping[str, Any]) -> str:
        """The detached JWS of ``document`` (its ``signature`` member left out)."""
        unsigned = {k: v for k, v in document.items() if k != SIGNATURE}
        header = {"alg": ALGORITHM, "kid": self.key_id, "typ": TYPE,
                  "sections": {name: digest(value) for name, value in unsigned.items()}}
        protected = b64url(canonical(header))
        signing_input = f"{protected}.{b64url(canonical(unsigned))}".encode("ascii")
        return f"{protected}..{b64url(self.keys[0].sign(signing_input))}"


@dataclass(frozen=True)
class Verified:
    key_id: str
    document: Mapping[str, Any]


def verify(document: Mapping[str, Any], jwks: Mapping[str, Any]) -> Verified:
    """``document`` as signed by one of ``jwks``' keys, or ``ReportNotVerified`` saying
    why: no signature, a key not among them, the members changed after signing, or a
    signature that does not match."""
    token = document.get(SIGNATURE)
    if not isinstance(token, str) or not token:
        raise ReportNotVerified(f"the report carries no signature (no '{SIGNATURE}' member)")
    parts = token.split(".")
    if len(parts) != 3 or parts[1] != "":
        raise ReportNotVerified("the signature is not a detached JWS (header..signature)")
    try:
        header = json.loads(unb64url(parts[0]))
        signature = unb64url(parts[2])
    except (ValueError, binascii.Error) as exc:
        raise ReportNotVerified(f"the signature cannot be read: {exc}") from None
    if not isinstance(header, dict) or header.get("alg") != ALGORITHM:
        raise ReportNotVerified(f"the signature's algorithm is {header.get('alg')!r} "
                                f"(only {ALGORITHM}, Ed25519, is accepted)"
                                if isinstance(header, dict) else "the header is not an object")
    key = _key(header.get("kid"), jwks.get("keys") or [])
    unsigned = {k: v for k, v in document.items() if k != SIGNATURE}
    changed = _changed(header.get("sections"), unsigned)
    if changed:
        raise ReportNotVerified("the report was changed after it was signed: "
                                + ", ".join(changed))
    signing_input = f"{parts[0]}.{b64url(canonical(unsigned))}".encode("ascii")
    try:
        key.verify(signature, signing_input)
    except InvalidSignature:
        raise ReportNotVerified("the signature does not match the report (its header or "
                                "content was altered, or another key signed it)") from None
    return Verified(str(header["kid"]), document)


def read_report(text: str) -> dict[str, Any]:
    """A report file as downloaded (the JSON of ``GET /v1/entities/{uscc}/report``, or
    the page's 下载签名电子版), or ``ReportNotVerified`` saying what it is instead."""
    if text.lstrip().startswith("<"):
        raise ReportNotVerified("this is the HTML page, not the signed report: verify its "
                                "signed JSON (the page's 下载签名电子版 link, or GET "
                                "/v1/entities/{uscc}/report)")
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise ReportNotVerified(f"not a JSON report: {exc}") from None
    if not isinstance(document, dict):
        raise ReportNotVerified("not a report: the JSON is not an object")
    return document


def read_keys(text: str) -> dict[str, Any]:
    """A JWKS file (``/.well-known/jwks.json`` as saved)."""
    try:
        keys = json.loads(text)
    except ValueError as exc:
        raise ReportNotVerified(f"the key file is not JSON: {exc}") from None
    if not isinstance(keys, dict) or not isinstance(keys.get("keys"), list):
        raise ReportNotVerified("the key file is not a JWKS ({\"keys\": [...]})")
    return keys


def _key(kid: object, keys: Sequence[Mapping[str, Any]]) -> Ed25519PublicKey:
    for jwk in keys:
        if jwk.get("kid") == kid and jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519":
            return Ed25519PublicKey.from_public_bytes(unb64url(str(jwk["x"])))
    known = ", ".join(str(jwk.get("kid")) for jwk in keys) or "none"
    raise ReportNotVerified(f"signed with key {kid}, which is not among the issuer's "
                            f"published keys ({known})")


def _changed(sections: object, unsigned: Mapping[str, Any]) -> list[str]:
    if not isinstance(sections, dict):
        return []  # then the signature alone decides
    names = sorted(set(sections) | set(unsigned))
    return [f"{name} ({'added' if name not in sections else 'removed'})"
            if (name in sections) != (name in unsigned) else name
            for name in names
            if name not in sections or name not in unsigned
            or sections[name] != digest(unsigned[name])]
