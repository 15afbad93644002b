"""Settings of inspection-draw (双随机抽查).

Read from ``INSPECTION_DRAW_*`` variables and the suite-wide ones (broker, auth).
"""

from __future__ import annotations

from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INSPECTION_DRAW_", extra="ignore")

    service_name: str = "inspection_draw"
    port: int = 8102
