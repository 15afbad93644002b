"""The composition root of case-transfer (案件移送): one typed context the app, every CLI
command and every benchmark build from."""

from __future__ import annotations

from dataclasses import dataclass

from services.case_transfer.config import Settings
from services.case_transfer.domain.persons import PersonSeal
from services.case_transfer.domain.rules import CaseRules, load_case_rules
from services.case_transfer.handlers.transfer_desk import TransferDesk
from shared.clock import Clock
from shared.context import ServiceContext, platform_parts

RULES_FILE = "case_rules.yaml"


@dataclass(frozen=True)
class CaseTransferContext(ServiceContext):
    """What case-transfer's use cases need beyond the platform's parts: the case rules
    (deadlines, documents, major decisions, benchmarks) and the seal of suspects' identity
    (a keyed hash of the ID number, a masked name)."""

    settings: Settings
    rules: CaseRules
    persons: PersonSeal
    transfer_desk: TransferDesk  # transfers of the fast lane, in group commits

    def __repr__(self) -> str:  # never print the key
        return f"CaseTransferContext(rules={self.rules.version!r}, clock={self.clock!r})"


def build(settings: Settings | None = None, *, clock: Clock | None = None) -> CaseTransferContext:
    """The context from ``settings`` (the environment by default); connects to nothing.

    A bad ``case_rules.yaml`` (or reference file) stops the build here, naming the file,
    the line and the problem.
    """
    settings = settings or Settings()
    parts = platform_parts(settings, clock)
    rules = load_case_rules(settings.reference_dir / RULES_FILE, reference=parts["reference"])
    return CaseTransferContext(**parts, rules=rules,
                               persons=PersonSeal(settings.person_hash_key.encode("utf-8")),
                               transfer_desk=TransferDesk(parts["database"]))
