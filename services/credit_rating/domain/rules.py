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
from typing import Any

import yaml
from pydantic import ValidationError

from services.credit_rating.domain.records import RecordKind
from services.credit_rating.domain.rule_checks import Location, rule_problems
from services.credit_rating.domain.rule_models import (
    Bonus,
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
    Tolerance,
    Watchlist,
)
from shared.reference import ReferenceData, ReferenceDataError
from shared.reference.files import read_reference_file
from shared.reference.models import Department, Matter

__all__ = ["DEFAULT_PATH", "CreditRules", "Grade", "ReferenceDataError", "load_credit_rules"]

DEFAULT_PATH = Path(__file__).resolve().parents[3] / "deploy" / "reference" / "credit_rules.yaml"
_LABEL_KEYS = ("code", "kind", "grade", "when")
_MESSAGES = {
    "Extra inputs are not permitted": "unexpected key; remove it or check its spelling",
    "Field required": "missing; add it",
}


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
    repair: DecisionDeadline
    objections: DecisionDeadline
    measures: tuple[Measure, ...]
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
    path = Path(path)
    text = _read_text(path)
    try:
        document = yaml.safe_load(text)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise ReferenceDataError(path, f"not valid YAML: {problem}", line=line) from exc
    if not isinstance(document, dict):
        raise ReferenceDataError(path, "expected a mapping with version, effective_from, source")
    try:
        parsed = CreditRuleFile.model_validate(document)
    except ValidationError as exc:
        location, problem = _first_problem(exc)
        raise _located(path, root, location, problem) from exc
    departments, matter_categories = _reference_codes(path, reference)
    problem = next(rule_problems(parsed, departments, matter_categories), None)
    if problem is not None:
        raise _located(path, root, problem.location, problem.problem)
    values = {name: getattr(parsed, name) for name in CreditRuleFile.model_fields}
    return CreditRules(**values, matter_categories=MappingProxyType(dict(matter_categories)))


def _first_problem(exc: ValidationError) -> tuple[Location, str]:
    """The most telling error: an unexpected key (likely a misspelling, named with the
    keys missing beside it) before anything else."""
    errors = sorted(exc.errors(), key=lambda error: error["type"] != "extra_forbidden")
    first = errors[0]
    location = tuple(first["loc"])
    message = first["msg"].removeprefix("Value error, ")
    problem = _MESSAGES.get(message, message)
    if first["type"] == "extra_forbidden":
        missing = [
            str(error["loc"][-1])
            for error in errors
            if error["type"] == "missing" and tuple(error["loc"][:-1]) == location[:-1]
        ]
        if missing:
            problem += f" (expected {', '.join(missing)})"
    return location, problem


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ReferenceDataError(path, "file not found") from exc
    except UnicodeDecodeError as exc:
        raise ReferenceDataError(path, f"not UTF-8 text: {exc}") from exc


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


def _located(path: Path, root: Any, location: Location, problem: str) -> ReferenceDataError:
    """An error at ``location``: the line of the deepest node found, the innermost list
    entry that is a mapping, and the path written with 1-based indexes."""
    node, line, entry, label = root, None, None, None
    for part in location:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if part < len(node.value) else None
            if isinstance(node, yaml.MappingNode):
                entry, label = part + 1, _label(node)
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    where = "".join(f"[{p + 1}]" if isinstance(p, int) else f".{p}" for p in location)
    return ReferenceDataError(
        path, f"{where.lstrip('.')}: {problem}", line=line, entry=entry, label=label or "no code"
    )


def _label(node: yaml.MappingNode) -> str | None:
    values = {key.value: value.value for key, value in node.value}
    key = next((key for key in _LABEL_KEYS if key in values), None)
    return f'{key} "{values[key]}"' if key else None
