"""Discretion benchmarks and major decisions against the shipped rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from services.case_transfer.domain.discretion import (
    OutsideBenchmark,
    Proposal,
    apply_benchmark,
    major_reasons,
)
from services.case_transfer.domain.rules import load_case_rules
from services.case_transfer.domain.sanctions import Circumstance, Measure, Outcome

RULES = load_case_rules()
ON = date(2026, 11, 25)


def proposal(**changes) -> Proposal:  # type: ignore[no-untyped-def]
    fields = {"outcome": Outcome.PENALTY, "violation_code": "SP-124-1",
              "circumstance": Circumstance.ORDINARY,
              "measures": (Measure.FINE, Measure.CONFISCATION),
              "fine_yuan": Decimal("70000"), "goods_value_yuan": None, **changes}
    return Proposal(**fields)


def test_a_penalty_inside_the_benchmark_is_explained() -> None:
    applied = apply_benchmark(RULES, proposal(), ON)
    assert applied is not None and applied["label"] == "SP-124-1@2026.1"
    assert applied["fine_range_yuan"] == ["65000", "85000"]
    assert "一般情节" in applied["explanation"] and "罚款 70000 元" in applied["explanation"]


@pytest.mark.parametrize("fine", ["64999.99", "85000.01"])
def test_a_fine_outside_the_range_names_it(fine: str) -> None:
    with pytest.raises(OutsideBenchmark) as refused:
        apply_benchmark(RULES, proposal(fine_yuan=Decimal(fine)), ON)
    assert refused.value.field == "fine_yuan" and refused.value.extra["range_yuan"] == \
        ["65000", "85000"]


def test_the_range_bounds_are_inside() -> None:
    for fine in ("65000", "85000"):
        assert apply_benchmark(RULES, proposal(fine_yuan=Decimal(fine)), ON) is not None


def test_a_fine_by_multiples_of_the_goods_value() -> None:
    by_value = proposal(violation_code="SP-124-2", circumstance=Circumstance.AGGRAVATED,
                        goods_value_yuan=Decimal("20000"), fine_yuan=Decimal("380000"))
    assert apply_benchmark(RULES, by_value, ON)["fine_range_yuan"] == \
        ["340000.00", "400000.00"]  # type: ignore[index]
    with pytest.raises(OutsideBenchmark, match="goods value"):
        apply_benchmark(RULES, proposal(violation_code="SP-124-2", goods_value_yuan=None), ON)


def test_a_measure_the_circumstance_does_not_allow() -> None:
    with pytest.raises(OutsideBenchmark) as refused:
        apply_benchmark(RULES, proposal(measures=(Measure.FINE, Measure.LICENCE_REVOCATION)), ON)
    assert refused.value.field == "measures" and "fine" in refused.value.extra["allowed"]


def test_a_fine_needs_its_amount_and_only_a_fine_has_one() -> None:
    with pytest.raises(OutsideBenchmark, match="exactly when"):
        apply_benchmark(RULES, proposal(fine_yuan=None), ON)
    with pytest.raises(OutsideBenchmark, match="exactly when"):
        apply_benchmark(RULES, proposal(measures=(Measure.CONFISCATION,)), ON)


def test_a_penalty_imposes_a_penalty_and_no_penalty_imposes_none() -> None:
    with pytest.raises(OutsideBenchmark, match="at least one penalty"):
        apply_benchmark(RULES, proposal(measures=(Measure.ORDER_TO_CORRECT,), fine_yuan=None), ON)
    spared = proposal(outcome=Outcome.NO_PENALTY, violation_code="JG-13", circumstance=None,
                      measures=(Measure.ORDER_TO_CORRECT,), fine_yuan=None)
    assert apply_benchmark(RULES, spared, ON)["exemption"] == "MF-005"  # type: ignore[index]
    with pytest.raises(OutsideBenchmark, match="不予处罚"):
        apply_benchmark(RULES, proposal(outcome=Outcome.NO_PENALTY), ON)


def test_an_unknown_code_or_one_not_yet_in_force() -> None:
    with pytest.raises(OutsideBenchmark, match="known codes"):
        apply_benchmark(RULES, proposal(violation_code="NOPE"), ON)
    with pytest.raises(OutsideBenchmark, match="in force on 2025-12-31"):
        apply_benchmark(RULES, proposal(), date(2025, 12, 31))


def test_major_decisions_by_fine_threshold_and_measure() -> None:
    assert major_reasons(RULES, proposal(), "entity") == []
    assert major_reasons(RULES, proposal(), "person") == \
        ["a fine of 70000 yuan (≥ 10000 for a person)"]
    revoke = proposal(measures=(Measure.LICENCE_REVOCATION,), fine_yuan=None)
    assert major_reasons(RULES, revoke, "entity") == ["licence_revocation (吊销许可证件)"]
