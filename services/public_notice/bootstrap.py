"""The composition root of public-notice (信息公示): one typed context the app, every CLI
command and every benchmark build from.

A bad ``notice_rules.yaml`` (or reference file) stops the build here, naming the file,
the line and the problem. Building connects to nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import jinja2

from services.public_notice.config import Settings
from services.public_notice.domain.names import Matter, Names
from services.public_notice.domain.rules import NoticeRules, load_notice_rules
from services.public_notice.handlers.steps.ledger import LedgerOutbox
from shared.clock import Clock
from shared.context import ServiceContext, event_source, platform_parts
from shared.reference import ReferenceData, Responsibility
from shared.reference.files import read_reference_file
from shared.web.rate_limit import Limiter, RateLimiter

RULES_FILE = "notice_rules.yaml"
TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"


@dataclass(frozen=True)
class PublicNoticeContext(ServiceContext):
    """What public-notice's use cases need beyond the platform's parts: the notice rules,
    the names of the reference data, the page templates and the public's quotas."""

    settings: Settings
    rules: NoticeRules
    names: Names
    templates: jinja2.Environment
    query_quota: Limiter  # public queries, pages and feeds per client address
    receipt_quota: Limiter  # receipt lookups relayed to complaint-intake, per address

    def __repr__(self) -> str:
        return f"PublicNoticeContext(rules={self.rules.version!r}, clock={self.clock!r})"


def build(settings: Settings | None = None, *, clock: Clock | None = None) -> PublicNoticeContext:
    """The context from ``settings`` (the environment by default); connects to nothing."""
    settings = settings or Settings()
    parts = platform_parts(settings, clock)
    # the unit of work's outbox also writes the notice ledger just before each commit
    parts["database"].outbox = LedgerOutbox(event_source(settings))
    reference: ReferenceData = parts["reference"]
    rules = load_notice_rules(settings.reference_dir / RULES_FILE,
                              frozenset(reference.departments))
    quotas = rules.file.quotas
    return PublicNoticeContext(
        **parts, rules=rules, names=names_of(reference, settings.reference_dir),
        templates=page_templates(),
        query_quota=RateLimiter(settings.query_requests or quotas.query.requests,
                                quotas.query.per_seconds),
        receipt_quota=RateLimiter(quotas.receipts.requests, quotas.receipts.per_seconds))


def names_of(reference: ReferenceData, directory: Path) -> Names:
    """Department, region, matter and complaint category names by code."""
    lines = read_reference_file(directory / "responsibility.yaml", Responsibility).entries
    return Names(
        departments=MappingProxyType({c: d.name for c, d in reference.departments.items()}),
        regions=MappingProxyType({c: r.name for c, r in reference.regions.items()}),
        region_parents=MappingProxyType({c: r.parent for c, r in reference.regions.items()
                                         if r.parent}),
        matters=MappingProxyType({c: Matter(m.name, m.legal_basis)
                                  for c, m in reference.matters.items()}),
        categories=MappingProxyType({line.category: line.name for line in lines
                                     if isinstance(line, Responsibility)}))


def page_templates() -> jinja2.Environment:
    """The Jinja2 templates of the public pages (autoescaped; no build step)."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True,
                              undefined=jinja2.StrictUndefined)
