"""Discretion benchmarks (裁量基准, CT-5) and major decisions (重大执法决定, CT-4).

A proposed decision names its violation code and circumstance (从轻/一般/从重); the
benchmark in force on the decision day says which measures are allowed and the fine's
range (in yuan, or as multiples of the goods value). A proposal outside it is refused
with the range; an accepted one carries the explanation of what applied. A decision is
major when its fine reaches the party's threshold or a listed measure is imposed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from services.case_transfer.domain.rule_models import Benchmark, CaseRuleFile, Range
from services.case_transfer.domain.sanctions import Circumstance, Measure, Outcome

Party = Literal["entity", "person"]
CENT = Decimal("0.01")


class OutsideBenchmark(ValueError):
    """A proposal the benchmark does not allow; ``field`` names what to change."""

    def __init__(self, field: str, detail: str, **extra: Any) -> None:
        super().__init__(detail)
        self.field, self.detail, self.extra = field, detail, extra


@dataclass(frozen=True)
class Proposal:
    """What a decision would impose (the command of a review or a decision)."""

    outcome: Outcome
    violation_code: str | None
    circumstance: Circumstance | None
    measures: tuple[Measure, ...]
    fine_yuan: Decimal | None
    goods_value_yuan: Decimal | None


def fine_range(rule_range: Range | None, times_value: Range | None,
               goods_value: Decimal | None) -> tuple[Decimal, Decimal] | None:
    """The fine's range in yuan; by multiples it needs the goods value."""
    if rule_range is not None:
        return rule_range.min, rule_range.max
    if times_value is None:
        return None
    if goods_value is None:
        raise OutsideBenchmark("goods_value_yuan", "this benchmark sets the fine as a "
                               f"multiple ({times_value.min}–{times_value.max}×) of the goods "
                               "value (货值金额); give goods_value_yuan")
    return ((times_value.min * goods_value).quantize(CENT, ROUND_HALF_UP),
            (times_value.max * goods_value).quantize(CENT, ROUND_HALF_UP))


def apply_benchmark(rules: CaseRuleFile, proposal: Proposal, on: date) -> dict[str, Any] | None:
    """The explanation of the benchmark applied (``None`` for a dismissal), or
    ``OutsideBenchmark`` naming the field and the allowed range."""
    if proposal.outcome is Outcome.DISMISSED:
        if proposal.measures or proposal.fine_yuan is not None:
            raise OutsideBenchmark("measures", "a dismissed case (撤销案件) imposes nothing; "
                                   "leave measures and fine_yuan out")
        return None
    benchmark = _benchmark(rules, proposal.violation_code, on)
    if proposal.outcome is Outcome.NO_PENALTY:
        penalties = [m.value for m in proposal.measures if m.is_penalty]
        if penalties or proposal.fine_yuan is not None:
            raise OutsideBenchmark("measures", "不予处罚 imposes no penalty; only interview, "
                                   f"order_to_correct or recall may go with it, not "
                                   f"{', '.join(penalties) or 'a fine'}")
        return _explained(benchmark, None, None, proposal)
    if proposal.circumstance is None:
        raise OutsideBenchmark("circumstance", "a penalty names its circumstance: lenient "
                               "(从轻), ordinary (一般) or aggravated (从重)")
    rule = benchmark.circumstances[proposal.circumstance]
    allowed = [m.value for m in rule.measures]
    outside = [m.value for m in proposal.measures if m not in rule.measures]
    if outside:
        raise OutsideBenchmark("measures", f"{', '.join(outside)} is outside benchmark "
                               f"{benchmark.label} for {proposal.circumstance.value} "
                               f"({proposal.circumstance.chinese}): allowed {', '.join(allowed)}",
                               allowed=allowed)
    if not any(m.is_penalty for m in proposal.measures):
        raise OutsideBenchmark("measures", "a penalty imposes at least one penalty measure; "
                               f"allowed here: {', '.join(allowed)}", allowed=allowed)
    bounds = fine_range(rule.fine_yuan, rule.fine_times_value, proposal.goods_value_yuan)
    fined = Measure.FINE in proposal.measures
    if fined != (proposal.fine_yuan is not None):
        raise OutsideBenchmark("fine_yuan", "give fine_yuan exactly when the measures "
                               "include fine")
    if fined and bounds is not None and proposal.fine_yuan is not None \
            and not bounds[0] <= proposal.fine_yuan <= bounds[1]:
        raise OutsideBenchmark("fine_yuan", f"a fine of {proposal.fine_yuan} yuan is outside "
                               f"benchmark {benchmark.label} for {proposal.circumstance.value} "
                               f"({proposal.circumstance.chinese}): {bounds[0]}–{bounds[1]} "
                               "yuan", range_yuan=[str(bounds[0]), str(bounds[1])])
    return _explained(benchmark, proposal.circumstance, bounds, proposal)


def _benchmark(rules: CaseRuleFile, code: str | None, on: date) -> Benchmark:
    if code is None:
        raise OutsideBenchmark("violation_code", "name the violation code whose discretion "
                               "benchmark applies (GET /v1/benchmarks lists them)")
    benchmark = rules.benchmark(code, on)
    if benchmark is None:
        known = sorted({b.code for b in rules.benchmarks})
        raise OutsideBenchmark("violation_code", f"no discretion benchmark for {code} is in "
                               f"force on {on.isoformat()}; known codes: {', '.join(known)}")
    return benchmark


def _explained(benchmark: Benchmark, circumstance: Circumstance | None,
               bounds: tuple[Decimal, Decimal] | None, proposal: Proposal) -> dict[str, Any]:
    measures = "、".join(m.chinese for m in proposal.measures) or "无"
    applied = f"裁量基准 {benchmark.label} {benchmark.name} ({benchmark.basis})"
    if circumstance is not None:
        applied += f", {circumstance.chinese}情节: 可处 " + "、".join(
            m.chinese for m in benchmark.circumstances[circumstance].measures)
    if bounds is not None:
        applied += f", 罚款 {bounds[0]}–{bounds[1]} 元"
    applied += f"; 本决定: {measures}"
    if proposal.fine_yuan is not None:
        applied += f", 罚款 {proposal.fine_yuan} 元"
    return {"code": benchmark.code, "version": benchmark.version, "label": benchmark.label,
            "name": benchmark.name, "basis": benchmark.basis,
            "severity": benchmark.severity, "exemption": benchmark.exemption,
            "circumstance": circumstance.value if circumstance else None,
            "fine_range_yuan": [str(b) for b in bounds] if bounds else None,
            "explanation": applied}


def major_reasons(rules: CaseRuleFile, proposal: Proposal, party: Party) -> list[str]:
    """Why the proposal is a major decision (重大执法决定); empty when it is not."""
    major = rules.major_decisions
    reasons = [f"{m.value} ({m.chinese})" for m in proposal.measures if m in major.measures]
    threshold = getattr(major.fine_yuan_at_least, party)
    if proposal.fine_yuan is not None and proposal.fine_yuan >= threshold:
        reasons.append(f"a fine of {proposal.fine_yuan} yuan (≥ {threshold} for a {party})")
    return reasons
