"""Settings of public-notice (信息公示).

Read from ``PUBLIC_NOTICE_*`` variables and the suite-wide ones (broker, auth).
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PUBLIC_NOTICE_", extra="ignore")

    service_name: str = "public_notice"
    port: int = 8105
    expiry_sweep_seconds: float = Field(
        default=3600.0, ge=0, description="how often notices whose period ended are taken "
        "down while the app runs (0: only by the operator's POST /v1/notices:expire); "
        "pages and queries never show them either way")
    query_requests: int | None = Field(
        default=None, ge=1, description="public queries and pages per client address per "
        "window, instead of the rule data's quotas.query (benchmarks raise it)")
    complaint_intake_url: str = Field(
        default="http://127.0.0.1:8104", description="where complaint-intake answers "
        "receipt lookups for the public page's receipt form")
