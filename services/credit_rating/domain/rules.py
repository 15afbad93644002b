"""Loading the credit rule set (信用评价规则) from ``deploy/reference/credit_rules.yaml``.

The file follows the reference data conventions (``version``, ``effective_from``,
``source`` on top). A bad file raises ``ReferenceDataError`` shaped
``<file>:<line>: entry <n> (<label>): <path>: <problem>``, so the service refuses to start.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType

from services.credit_rating.domain.records import RecordKind
from services.credit_rating.domain.rule_checks import rule_problems
from services.credit_rating.domain.rule_models import (
    AbnormalList,
    BlacklistRule,
    Bonus,
    CommitmentRules,
    CreditRuleFile,
    DecisionDeadline,
    Dimension,
    Exemption,
    ExemptionList,
    Grade,
    GradeBand,
    Grading,
    KindRule,
    Measure,
    NoPenalty,
    PublicityRegime,
    RiskModel,
    Tolerance,
    Watchlist,
)
from shared.reference import ReferenceData, ReferenceDataError
from shared.reference.files import read_reference_file
from shared.reference.models import Department, Matter
from shared.reference.rule_document import load_rule_document

__all__ = ["DEFAULT_PATH", "CreditRules", "Grade", "ReferenceDataError", "load_credit_rules"]

DEFAULT_PATH = Path(__file__).resolve().parents[3] / "deploy" / "reference" / "credit_rules.yaml"
_LABEL_KEYS = ("code", "kind", "grade", "when")

@dataclass(frozen=True)
class CreditRules:
    """The validated credit rule set (信用评价规则), with lookups; build it with
    ``load_credit_rules``."""

    version: str
    effective_from: date
    source: str
    grading: Grading
    publicity: tuple[PublicityRegime, ...]
    watchlist: Watchlist
    no_penalty: NoPenalty
    exemptions: ExemptionList
    tolerance: Tolerance
    blacklist: BlacklistRule
    abnormal_list: AbnormalList
    repair: DecisionDeadline
    objections: DecisionDeadline
    commitments: CommitmentRules
    measures: tuple[Measure, ...]
    risk: RiskModel
    matter_categories: Mapping[str, str] = field(default_factory=dict)
    """Matter code -> category, from matters.yaml, so measures can name categories."""

    def regime_for(self, decided_on: date) -> PublicityRegime:
        """The publicity regime in force on ``decided_on``; the oldest one also covers
        decisions before its own date (no older regime is modelled)."""
        chosen = self.publicity[0]
        for regime in self.publicity:
            if regime.effective_from <= decided_on:
                chosen = regime
        return chosen

    def dimension(self, code: str) -> Dimension:
        return next(dimension for dimension in self.grading.dimensions if dimension.code == code)

    def kind_rule(self, kind: RecordKind) -> KindRule:
        return next(rule for rule in self.grading.kinds if rule.kind == kind)

    def bonus_for(self, kind: RecordKind) -> Bonus | None:
        return next((bonus for bonus in self.grading.bonuses if bonus.kind == kind), None)

    def band(self, grade: Grade) -> GradeBand:
        return next(band for band in self.grading.grades if band.grade == grade)

    def grade_for_score(self, score: int) -> Grade:
        return next(b.grade for b in self.grading.grades if score >= b.min_score)

    def exemption(self, violation_code: str | None) -> Exemption | None:
        """The 免罚清单 line for ``violation_code``, if it is on the list."""
        return next((e for e in self.exemptions.entries if e.code == violation_code), None)


def load_credit_rules(
    path: Path = DEFAULT_PATH, *, reference: ReferenceData | None = None
) -> CreditRules:
    """Read and check ``path``; measures are checked against ``reference`` or, without
    it, against departments.yaml and matters.yaml in the same directory."""
    document = load_rule_document(Path(path), CreditRuleFile, _LABEL_KEYS)
    parsed = document.model
    departments, matter_categories = _reference_codes(document.path, reference)
    problem = next(rule_problems(parsed, departments, matter_categories), None)
    if problem is not None:
        raise document.problem_at(problem.location, problem.problem)
    values = {name: getattr(parsed, name) for name in CreditRuleFile.model_fields}
    return CreditRules(**values, matter_categories=MappingProxyType(dict(matter_categories)))


def _reference_codes(
    path: Path, reference: ReferenceData | None
) -> tuple[frozenset[str], dict[str, str]]:
    if reference is not None:
        matters = {code: matter.category for code, matter in reference.matters.items()}
        return frozenset(reference.departments), matters
    departments = read_reference_file(path.parent / "departments.yaml", Department)
    matters_file = read_reference_file(path.parent / "matters.yaml", Matter)
    codes = frozenset(entry.code for entry in departments.entries)  # type: ignore[union-attr]
    return codes, {m.code: m.category for m in matters_file.entries}  # type: ignore[union-attr]
