"""Settings of case-transfer (案件移送).

Read from ``CASE_TRANSFER_*`` variables and the suite-wide ones (broker, auth). The
person-hash key keys the HMAC that names a suspect in rows and events instead of the ID
number: set a real one in production (``openssl rand -base64 32``).
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CASE_TRANSFER_", extra="ignore")

    development_secrets = (*ServiceSettings.development_secrets, "person_hash_key")
    service_name: str = "case_transfer"
    port: int = 8103
    person_hash_key: str = Field(
        default="jianguan-dev-case-person-hash-key-change-me-in-production",
        min_length=32,
        description="HMAC-SHA256 key of suspects' ID numbers (stored and sent only as this "
                    "hash); set CASE_TRANSFER_PERSON_HASH_KEY")
    overdue_sweep_seconds: float = Field(
        default=300.0, ge=0, description="how often the app escalates passed deadlines "
        "(督办); 0 turns the periodic sweep off (then POST /v1/cases/overdue/sweep or "
        "`python -m services.case_transfer.commands overdue-sweep`)")
