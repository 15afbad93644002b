"""What the use cases need besides the unit of work (办理依据): the complaint rules, the
reference data, the identity vault and the restricted reporters' quota, built once in
the app factory and lifespan."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from services.complaint_intake.domain.identity import IdentityVault
from services.complaint_intake.domain.rules import ComplaintRules
from shared.reference import ReferenceData
from shared.web.rate_limit import Limiter
from shared.workdays import CHINA_TIME


@dataclass(frozen=True)
class IntakeContext:
    rules: ComplaintRules
    reference: ReferenceData
    vault: IdentityVault
    category_names: Mapping[str, str] = field(default_factory=dict)
    restricted_quota: Limiter | None = None  # public filings of restricted reporters


def now() -> datetime:
    return datetime.now(UTC)


def china_day(at: datetime) -> date:
    """The day ``at`` falls on in China (the day deadlines count from)."""
    return at.astimezone(CHINA_TIME).date()
