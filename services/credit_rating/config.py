"""Settings of credit-rating (信用评价).

Read from ``CREDIT_RATING_*`` variables and the suite-wide ones (broker, auth).
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CREDIT_RATING_", extra="ignore")

    development_secrets = (*ServiceSettings.development_secrets, "person_hash_key",
                           "report_signing_key")
    service_name: str = "credit_rating"
    port: int = 8101
    person_hash_key: str = Field(
        default="jianguan-dev-person-hash-key-change-me-in-production",
        description="HMAC-SHA256 key for the legal representative's hash in "
                    "credit.blacklist.changed.v1 (CR-5); set CREDIT_RATING_PERSON_HASH_KEY")
    accept_entity_tokens: bool = Field(
        default=True, description="market entities' own tokens (role entity, bound to a "
        "USCC) are accepted: to apply for repair, object and fetch their own credit report "
        "(api.entity_gate); every other service refuses them")
    report_signing_key: str = Field(
        default="amlhbmd1YW4tZGV2LXJlcG9ydC1zaWduaW5nLWtleSE=",  # base64 of 32 public bytes
        description="Ed25519 private key(s) signing credit reports (CR-12): base64 of 32 "
                    "bytes, several comma-separated newest first (the first signs, all are "
                    "published at /.well-known/jwks.json); set "
                    "CREDIT_RATING_REPORT_SIGNING_KEY")
    report_issuer: str = Field(
        default="SCJG", description="the department (a code of departments.yaml) that "
                                    "issues credit reports; its name heads each report")
