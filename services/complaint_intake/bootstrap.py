"""The composition root of complaint-intake (投诉举报): one typed context the app, every
operator command and every benchmark build from.

Bad rules, a bad responsibility list, a bad supplied holiday calendar or bad identity
keys stop the build here, saying what to change; a year whose holiday arrangement is
known neither to ``chinese_calendar`` nor to ``calendar/<year>.yaml`` is warned about.
Building connects to nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from services.complaint_intake.config import Settings
from services.complaint_intake.domain.identity import IdentityVault, keys_from_settings
from services.complaint_intake.domain.rules import ComplaintRules, load_complaint_rules
from services.complaint_intake.handlers.intake import Intake
from services.complaint_intake.handlers.restricted import RestrictedReporters
from shared.clock import Clock
from shared.context import ServiceContext, platform_parts
from shared.db import Database
from shared.reference import Responsibility
from shared.reference.files import read_reference_file
from shared.web.rate_limit import Limiter, RateLimiter
from shared.web.rate_limit_shared import SharedRateLimiter

RULES_FILE = "complaint_rules.yaml"


@dataclass(frozen=True)
class IntakeContext(ServiceContext):
    """What complaint-intake's use cases need besides the unit of work."""

    settings: Settings
    rules: ComplaintRules
    vault: IdentityVault  # seals and opens reporters' identities (CP-4)
    category_names: Mapping[str, str]  # category code → its name in the 职责边界清单
    routed_categories: frozenset[str]  # the categories a department answers for
    public_quota: Limiter  # public filings per client address
    receipt_quota: Limiter  # receipt codes looked up per client address
    restricted_quota: Limiter  # public filings of a restricted reporter, per blind index
    restricted: RestrictedReporters  # who is restricted now, known without a read
    intake: Intake  # the one intake desk: the route and the fast lane share its batches


def build(settings: Settings | None = None, *, clock: Clock | None = None) -> IntakeContext:
    """The context from ``settings`` (the environment by default)."""
    settings = settings or Settings()
    parts = platform_parts(settings, clock)
    database: Database = parts["database"]
    rules = load_complaint_rules(settings.reference_dir / RULES_FILE,
                                 parts["reference"].departments)
    limits = rules.rate_limits
    public, lookups, restricted = \
        limits.public_intake, limits.receipt_lookups, limits.restricted_reporter
    return IntakeContext(
        **parts, rules=rules, vault=identity_vault(settings),
        category_names=category_names(settings),
        routed_categories=frozenset(parts["reference"].categories),
        public_quota=quota(database, settings, "public-intake",
                           settings.public_intake_requests or public.requests,
                           settings.public_intake_per_seconds or public.per_seconds),
        receipt_quota=quota(database, settings, "receipt-lookups",
                            settings.receipt_lookup_requests or lookups.requests,
                            lookups.per_seconds),
        restricted_quota=quota(database, settings, "restricted-reporter",
                               restricted.requests, restricted.per_seconds),
        restricted=RestrictedReporters(settings.restricted_refresh_seconds),
        intake=Intake(database))


def identity_vault(settings: Settings) -> IdentityVault:
    """The vault of the configured identity keys (a bad key stops the start)."""
    return IdentityVault(keys_from_settings(settings.identity_keys),
                         settings.identity_current_key,
                         settings.identity_index_key.encode("utf-8"))


def category_names(settings: Settings) -> dict[str, str]:
    """Each category of the responsibility list and its name (its region-free line)."""
    lines = read_reference_file(settings.reference_dir / "responsibility.yaml",
                                Responsibility).entries
    return {line.category: line.name for line in lines
            if isinstance(line, Responsibility) and not line.regions}


def quota(database: Database, settings: Settings, purpose: str, requests: int,
          per_seconds: int) -> Limiter:
    """A quota of the public (per client address or per reporter): kept in PostgreSQL,
    which every instance shares; in process on SQLite, which one instance has to itself.
    ``purpose`` keeps the buckets of different quotas apart."""
    if database.sqlite:
        return RateLimiter(requests, per_seconds)
    return SharedRateLimiter(lambda: database, requests, per_seconds, secret=(
        f"rate-limit|{purpose}|".encode() + settings.identity_index_key.encode("utf-8")))
