"""The composition root of credit-rating (信用评价): one typed context the app, every CLI
command and every benchmark build from."""

from __future__ import annotations

from dataclasses import dataclass

from services.credit_rating.config import Settings
from services.credit_rating.domain.rules import CreditRules, load_credit_rules
from services.credit_rating.report_signing import ReportSigner
from shared.clock import Clock
from shared.context import ServiceContext, platform_parts

RULES_FILE = "credit_rules.yaml"


@dataclass(frozen=True)
class CreditContext(ServiceContext):
    """What credit-rating's use cases need beyond the platform's parts: the credit rules
    (grading, publicity, lists, measures) and the key of the persons' hashes (CR-5)."""

    settings: Settings
    rules: CreditRules
    person_key: bytes  # HMAC key of the legal representative's and responsible persons' hash
    report_signer: ReportSigner  # signs credit reports (CR-12), from report_signing_key

    def __repr__(self) -> str:  # never print the key
        return f"CreditContext(rules={self.rules.version!r}, clock={self.clock!r})"


def build(settings: Settings | None = None, *, clock: Clock | None = None) -> CreditContext:
    """The context from ``settings`` (the environment by default); connects to nothing.

    A bad ``credit_rules.yaml`` (or reference file) stops the build here, naming the
    file, the line and the problem.
    """
    settings = settings or Settings()
    parts = platform_parts(settings, clock)
    rules = load_credit_rules(settings.reference_dir / RULES_FILE, reference=parts["reference"])
    return CreditContext(**parts, rules=rules,
                         person_key=settings.person_hash_key.encode("utf-8"),
                         report_signer=ReportSigner.from_setting(settings.report_signing_key))
