"""The discretion benchmarks and the sanction ladder as callers read them (裁量基准查询,
CT-5, CT-6): per violation code, what each circumstance allows."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from services.case_transfer.domain.rule_models import Benchmark, CaseRuleFile
from services.case_transfer.domain.sanctions import MINOR_LADDER, Measure


class MeasureView(BaseModel):
    measure: str
    chinese: str
    penalty: bool = Field(description="an administrative penalty (行政处罚), not an order")


class CircumstanceView(BaseModel):
    circumstance: str
    chinese: str
    measures: list[MeasureView]
    fine_yuan: list[str] | None = Field(description="[min, max] in yuan")
    fine_times_value: list[str] | None = Field(description="[min, max] × goods value")


class BenchmarkView(BaseModel):
    code: str
    version: str
    label: str
    effective_from: date
    source: str
    name: str
    basis: str
    severity: str
    exemption: str | None = Field(description="its code on the 免罚清单 (首违不罚), if any")
    circumstances: list[CircumstanceView]
    minor_ladder: list[MeasureView] = Field(
        description="for a minor matter: interview, warning, order to correct first")


def _measure(measure: Measure) -> MeasureView:
    return MeasureView(measure=measure.value, chinese=measure.chinese,
                       penalty=measure.is_penalty)


def benchmark_view(benchmark: Benchmark) -> BenchmarkView:
    return BenchmarkView(
        code=benchmark.code, version=benchmark.version, label=benchmark.label,
        effective_from=benchmark.effective_from, source=benchmark.source,
        name=benchmark.name, basis=benchmark.basis, severity=benchmark.severity,
        exemption=benchmark.exemption,
        circumstances=[CircumstanceView(
            circumstance=circumstance.value, chinese=circumstance.chinese,
            measures=[_measure(m) for m in rule.measures],
            fine_yuan=[str(rule.fine_yuan.min), str(rule.fine_yuan.max)]
            if rule.fine_yuan else None,
            fine_times_value=[str(rule.fine_times_value.min), str(rule.fine_times_value.max)]
            if rule.fine_times_value else None)
            for circumstance, rule in benchmark.circumstances.items()],
        minor_ladder=[_measure(m) for m in MINOR_LADDER]
        if benchmark.severity == "minor" else [])


def benchmarks_in_force(rules: CaseRuleFile, on: date) -> list[BenchmarkView]:
    """Every violation code's benchmark in force on ``on``."""
    codes = sorted({b.code for b in rules.benchmarks})
    found = [rules.benchmark(code, on) for code in codes]
    return [benchmark_view(b) for b in found if b is not None]
