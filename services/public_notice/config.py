"""Settings of public-notice (信息公示).

Read from ``PUBLIC_NOTICE_*`` variables and the suite-wide ones (broker, auth).
"""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PUBLIC_NOTICE_", extra="ignore")

    service_name: str = "public_notice"
    port: int = 8105
