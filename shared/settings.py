"""Settings shared by every service (配置). Built in the app factory, never at import."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import ClassVar, Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DEV_KEY = "jianguan-dev-signing-key-change-me-in-production-0001"


class ServiceSettings(BaseSettings):
    """What every service needs: its database, the broker, auth and reference data.

    Each service subclasses this with ``env_prefix`` set to its name, so
    ``CREDIT_RATING_DATABASE_URL`` configures credit-rating's database while the
    broker and auth settings are read without a prefix (they are suite-wide).
    """

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    service_name: str = "service"
    database_url: str = ""
    port: int = 8100
    kafka_bootstrap_servers: str = Field(
        default="127.0.0.1:9092", validation_alias="KAFKA_BOOTSTRAP_SERVERS"
    )
    jwt_secret: str = Field(default=DEFAULT_DEV_KEY, validation_alias="JIANGUAN_JWT_SECRET")
    jwt_issuer: str = Field(default="jianguan-dev", validation_alias="JIANGUAN_JWT_ISSUER")
    jwks_url: str = Field(default="", validation_alias="JIANGUAN_JWKS_URL")
    reference_dir: Path = Field(
        default=REPO_ROOT / "deploy" / "reference", validation_alias="JIANGUAN_REFERENCE_DIR"
    )
    var_dir: Path = Field(default=REPO_ROOT / "var", validation_alias="JIANGUAN_VAR_DIR")
    trusted_proxies: str = Field(
        default="", validation_alias="JIANGUAN_TRUSTED_PROXIES",
        description="reverse proxies whose X-Forwarded-For is believed: IPs or CIDRs, "
        "comma-separated (per-address limits see the real client behind them)")
    audit_key: str = Field(
        default="jianguan-dev-audit-key-change-me-in-production",
        description="HMAC key of the audit chain's entries; kept outside the database so "
        "that who can write the database cannot rewrite the chain unseen")
    audit_checkpoint_seconds: float = Field(
        default=300.0, ge=0, description="how often the chain's head is published on "
        "audit.checkpoint.v1 when it moved (0: only every CHECKPOINT_EVERY entries)")
    clock_start: datetime | None = Field(
        default=None, validation_alias="JIANGUAN_CLOCK_START",
        description="for tests and drills only: the service clock starts at this instant "
        "(ISO 8601 with offset) instead of the real time, and runs on from there")
    max_body_bytes: int = Field(
        default=1024 * 1024, ge=1024, description="the largest request body a route takes "
        "unless it declares more (a 413 problem beyond)")
    sqlite_busy_seconds: float = Field(
        default=30.0, gt=0, validation_alias="JIANGUAN_SQLITE_BUSY_SECONDS",
        description="how long a request waits (off the event loop) for a SQLite database "
        "another connection holds locked, before a 503 database-busy problem")
    republish_window_hours: float = Field(
        default=24.0, ge=0, validation_alias="JIANGUAN_REPUBLISH_WINDOW_HOURS",
        description="after a broker loss, the relay publishes again every event it "
        "published in this many hours before")
    role: Literal["all", "web", "worker"] = Field(
        default="all", description="what this process runs. all: HTTP and the background "
        "work (outbox relay, consumers, periodic tasks) in one process; web: HTTP only, "
        "while a worker process of the same service and database does the background "
        "work; worker: the background work, with HTTP for the probes and metrics only")
    relay_enabled: bool = True
    consumers_enabled: bool = True
    relay_batch_size: int = 500
    relay_poll_interval: float = 0.2
    consumer_max_attempts: int = 3

    # settings whose defaults are public development secrets (subclasses add theirs)
    development_secrets: ClassVar[tuple[str, ...]] = ("jwt_secret", "audit_key")

    @classmethod
    def secret_variable(cls, name: str) -> str:
        """The environment variable of setting ``name``: ``CREDIT_RATING_AUDIT_KEY``."""
        field = cls.model_fields[name]
        return str(field.validation_alias or cls.model_config.get("env_prefix", "") +
                   name.upper())

    def secrets_left_at_development_defaults(self) -> list[str]:
        """The variables of secrets still at their (public) development default; the JWT
        secret only when tokens are not verified by JWKS."""
        left = []
        for name in self.development_secrets:
            if name == "jwt_secret" and self.jwks_url:
                continue
            if getattr(self, name) == type(self).model_fields[name].default:
                left.append(self.secret_variable(name))
        return left

    @property
    def slug(self) -> str:
        """``credit_rating`` → ``credit-rating`` (how events and checkpoints name it)."""
        return self.service_name.replace("_", "-")

    def resolved_database_url(self) -> str:
        """The configured URL, or a SQLite file under ``var/`` named after the service."""
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{self.var_dir / (self.service_name + '.db')}"


def service_env_prefix(service: str) -> str:
    """``credit_rating`` → ``CREDIT_RATING_`` (the prefix of that service's variables)."""
    return service.upper().replace("-", "_") + "_"
