"""Settings of case-transfer (案件移送).

Read from ``CASE_TRANSFER_*`` variables and the suite-wide ones (broker, auth).
"""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CASE_TRANSFER_", extra="ignore")

    service_name: str = "case_transfer"
    port: int = 8103
