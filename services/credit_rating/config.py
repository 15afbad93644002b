"""Settings of credit-rating (信用评价).

Read from ``CREDIT_RATING_*`` variables and the suite-wide ones (broker, auth).
"""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CREDIT_RATING_", extra="ignore")

    service_name: str = "credit_rating"
    port: int = 8101
