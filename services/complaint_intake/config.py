"""Settings of complaint-intake (投诉举报).

Read from ``COMPLAINT_INTAKE_*`` variables and the suite-wide ones (broker, auth).
"""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="COMPLAINT_INTAKE_", extra="ignore")

    service_name: str = "complaint_intake"
    port: int = 8104
