"""Loading the notice rule set (信息公示规则) from ``deploy/reference/notice_rules.yaml``.

The file follows the reference data conventions (``version``, ``effective_from``,
``source`` on top). A bad file raises ``ReferenceDataError`` shaped
``<file>:<line>: entry <n> (<label>): <path>: <problem>``, so the service refuses to start.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from types import MappingProxyType

from services.public_notice.domain.rule_models import (
    CreditRegime,
    KindRule,
    MaskRule,
    NoticeRuleFile,
)
from shared.reference import ReferenceDataError
from shared.reference.rule_document import Location, load_rule_document

__all__ = ["CompiledMask", "NoticeRules", "ReferenceDataError", "load_notice_rules"]

DEFAULT_PATH = Path(__file__).resolve().parents[3] / "deploy" / "reference" / "notice_rules.yaml"
_LABEL_KEYS = ("code", "record_kind")


@dataclass(frozen=True)
class CompiledMask:
    """A masking rule with its pattern compiled."""

    rule: MaskRule
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class NoticeRules:
    """The validated notice rules, with their patterns compiled and lookups by code."""

    file: NoticeRuleFile
    kinds: Mapping[str, KindRule]
    record_kinds: Mapping[str, str | None]
    masks: tuple[CompiledMask, ...]
    minor_markers: tuple[re.Pattern[str], ...]
    secret_markers: Mapping[str, tuple[re.Pattern[str], ...]]
    surnames: frozenset[str]
    screened: dict[object, object] = field(default_factory=dict, compare=False, repr=False)
    """Texts already screened under these rules (titles repeat): see ``masking.screen``."""

    @property
    def version(self) -> str:
        return self.file.version

    def kind(self, code: str) -> KindRule:
        return self.kinds[code]

    def name_of(self, code: str) -> str:
        """The Chinese name of a kind (``行政处罚``)."""
        found = self.kinds.get(code)
        return found.name if found is not None else "其他公示"

    def regime_for(self, decided_on: date) -> CreditRegime:
        """The credit regime in force on ``decided_on``; the oldest also covers older days."""
        chosen = self.file.credit_regimes[0]
        for regime in self.file.credit_regimes:
            if regime.effective_from <= decided_on:
                chosen = regime
        return chosen


def load_notice_rules(path: Path = DEFAULT_PATH,
                      departments: frozenset[str] | None = None) -> NoticeRules:
    """Read and check ``path``; the SAMR rule's departments are checked against
    ``departments`` (the reference data's codes) when given."""
    document = load_rule_document(Path(path), NoticeRuleFile, _LABEL_KEYS)
    parsed = document.model
    problem = next(_problems(parsed, departments), None)
    if problem is not None:
        raise document.problem_at(*problem)
    return NoticeRules(
        file=parsed,
        kinds=MappingProxyType({kind.code: kind for kind in parsed.kinds}),
        record_kinds=MappingProxyType({m.record_kind: m.notice_kind for m in parsed.records}),
        masks=tuple(CompiledMask(rule, re.compile(rule.pattern))
                    for rule in parsed.masking.rules),
        minor_markers=tuple(re.compile(marker) for marker in parsed.minors.markers),
        secret_markers=MappingProxyType({
            "state_secret": tuple(re.compile(m) for m in parsed.secrets.state_secret),
            "trade_secret": tuple(re.compile(m) for m in parsed.secrets.trade_secret)}),
        surnames=frozenset(parsed.masking.surnames.replace(" ", "").replace("\n", "")))


def _problems(parsed: NoticeRuleFile,
              departments: frozenset[str] | None) -> Iterator[tuple[Location, str]]:
    codes = [kind.code for kind in parsed.kinds]
    for index, kind in enumerate(parsed.kinds):
        if codes.index(kind.code) != index:
            yield ("kinds", index, "code"), f"kind {kind.code} is listed twice"
        if kind.period in ("fixed", "commitment") and kind.months is None:
            yield ("kinds", index, "months"), f"a {kind.period} period needs months"
    seen: set[str] = set()
    for index, mapping in enumerate(parsed.records):
        if mapping.record_kind in seen:
            yield ("records", index, "record_kind"), f"{mapping.record_kind} is mapped twice"
        seen.add(mapping.record_kind)
        if mapping.notice_kind is not None and mapping.notice_kind not in codes:
            yield (("records", index, "notice_kind"),
                   f"{mapping.notice_kind} is not a kind listed under kinds")
    for index, code in enumerate(parsed.penalty_periods.departments):
        if departments is not None and code not in departments:
            yield (("penalty_periods", "departments", index),
                   f'department "{code}" is not in departments.yaml')
    if departments is not None and parsed.default_department not in departments:
        yield ("default_department",), (f'department "{parsed.default_department}" is not '
                                        "in departments.yaml")
    yield from _regime_problems(parsed.credit_regimes)
    for index, rule in enumerate(parsed.masking.rules):
        compiled = _compiled(rule.pattern)
        if isinstance(compiled, str):
            yield ("masking", "rules", index, "pattern"), compiled
        elif "value" not in compiled.groupindex:
            yield (("masking", "rules", index, "pattern"),
                   "the pattern needs a group (?P<value>…) naming what to mask")
    for section, markers in (("minors", parsed.minors.markers),
                             ("secrets", parsed.secrets.state_secret),
                             ("secrets", parsed.secrets.trade_secret)):
        for index, marker in enumerate(markers):
            if isinstance(problem := _compiled(marker), str):
                yield (section, index), problem
    if not all("\u4e00" <= char <= "\u9fff" for char in
               parsed.masking.surnames.replace(" ", "").replace("\n", "")):
        yield ("masking", "surnames"), "surnames must be Chinese characters only"


def _regime_problems(regimes: tuple[CreditRegime, ...]) -> Iterator[tuple[Location, str]]:
    for index, regime in enumerate(regimes):
        if index and regime.effective_from <= regimes[index - 1].effective_from:
            yield (("credit_regimes", index, "effective_from"),
                   "regimes must be listed oldest first, each from a later day")
        for severity in ("minor", "general", "serious"):
            period = regime.of(severity)  # type: ignore[arg-type]
            if period.published and period.months is None:
                yield (("credit_regimes", index, severity, "months"),
                       "a published severity needs months")


def _compiled(pattern: str) -> re.Pattern[str] | str:
    try:
        return re.compile(pattern)
    except re.error as exc:
        return f"not a valid regular expression: {exc}"
