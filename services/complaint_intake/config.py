"""Settings of complaint-intake (投诉举报).

Read from ``COMPLAINT_INTAKE_*`` variables and the suite-wide ones (broker, auth). The
identity keys protect whistleblowers (CP-4): set real ones in production (generate each
with ``openssl rand -base64 32``); the defaults are for development only.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings

DEV_IDENTITY_KEY = "dev1:amlhbmd1YW4tZGV2LWlkZW50aXR5LWtleS0wMDAwMDE="
DEV_INDEX_KEY = "jianguan-dev-reporter-blind-index-key-change-me-0001"


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="COMPLAINT_INTAKE_", extra="ignore")

    development_secrets = (*ServiceSettings.development_secrets, "identity_keys",
                           "identity_index_key")
    service_name: str = "complaint_intake"
    port: int = 8104
    identity_keys: str = Field(
        default=DEV_IDENTITY_KEY,
        description='AES-GCM keys of the reporter identity: "kid1:<base64>,kid2:<base64>"; '
        "keep old ones until `rotate-identities` has run")
    identity_current_key: str = Field(default="dev1",
                                      description="the key id new identities are sealed with")
    identity_index_key: str = Field(default=DEV_INDEX_KEY, min_length=32,
                                    description="HMAC key of the reporters' blind index")
    public_intake_requests: int | None = Field(
        default=None, ge=1, description="public intake requests per client address per "
        "window; unset: the number in complaint_rules.yaml")
    public_intake_per_seconds: int | None = Field(
        default=None, ge=1, description="the rate window in seconds; unset: the rules' one")
    receipt_lookup_requests: int | None = Field(
        default=None, ge=1, description="receipt codes one client address may look up per "
        "window (the rules' receipt_lookups window); unset: the number in the rules")
    filing_poll_seconds: float = Field(
        default=0.2, gt=0, le=3600, description="how often the intake worker looks for "
        "accepted filings nobody woke it for (a web process's or another replica's, or "
        "left by a stopped worker); its own instance's filings wake it at once. A worker "
        "process (role worker) is never woken, so this is how long a quiet filing waits "
        "to be routed, as the outbox relay polls every relay_poll_interval")
    filing_batch: int = Field(
        default=200, ge=1, le=5000, description="accepted filings the intake worker "
        "makes complaints of in one transaction")
    filing_yield_seconds: float = Field(
        default=0.02, ge=0, le=1, description="while filings keep arriving, the intake "
        "worker pauses this long before each batch, so that the public is answered first; "
        "with none arriving it works without pause. Longer pauses give larger batches "
        "(a batch's transaction, audit head and outbox cost some milliseconds whatever its "
        "size) but, on a busy server, defer the work: at 0.1 s intake rose to 36-46% of "
        "/healthz while the worker kept up with only 69-83% of it (bench complaint_intake)")
    filing_worker: bool = Field(
        default=True, description="run the intake worker in this instance (off: another "
        "replica's, or `python -m services.complaint_intake.commands process-filings`, "
        "processes what it accepts)")
    restricted_refresh_seconds: float = Field(
        default=60.0, ge=0, le=86400, description="how long this instance trusts the "
        "malicious marks it read (restricted reporters' quota) before reading them again; "
        "its own instance's marks count at once")
    overdue_sweep_seconds: float = Field(
        default=3600.0, ge=0, description="how often the app sweeps for overdue deadlines; "
        "0 turns the periodic sweep off (run `python -m services.complaint_intake.commands "
        "overdue-sweep` instead)")
