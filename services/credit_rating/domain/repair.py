"""Credit repair (信用修复) and objections (异议申诉), CR-9: when an application may be
accepted and by when the finding department must decide (谁认定谁修复)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.credit_rating.domain.publicity import publicity_window, status_on
from services.credit_rating.domain.records import RecordFacts, RecordStatus, Severity
from services.credit_rating.domain.rules import CreditRules
from shared.workdays import deadline


@dataclass(frozen=True)
class RepairEligibility:
    """Whether a repair application may be accepted on a day; if not yet, from when."""

    eligible: bool
    earliest: date | None
    reason: str


def repair_eligibility(record: RecordFacts, as_of: date, rules: CreditRules) -> RepairEligibility:
    """Only an active negative record can be repaired, and not before the minimum
    publicity period of its regime has run (a minor record: at once).

    Obligations fulfilled and the public 信用承诺 are checked by the caller.
    """
    if not record.negative:
        return RepairEligibility(
            False, None, "守信记录无需修复 / a positive record needs no repair"
        )
    status = status_on(record, as_of, rules)
    if status != RecordStatus.ACTIVE:
        return RepairEligibility(
            False,
            None,
            f"记录状态为{status.chinese}, 不能申请修复 / the record is "
            f"{status.value.replace('_', ' ')}, only an active record can be repaired",
        )
    window = publicity_window(record.severity, record.decided_on, rules)
    earliest = window.minimum_end
    if record.severity == Severity.MINOR or earliest is None:
        earliest = record.decided_on
    if as_of < earliest:
        return RepairEligibility(
            False,
            earliest,
            f"最短公示期({window.regime})未满, 最早 {earliest.isoformat()} 可申请 / "
            f"the minimum publicity period has not run; apply on or after {earliest.isoformat()}",
        )
    return RepairEligibility(True, earliest, "可申请信用修复 / repair may be applied for")


def decision_due(applied_on: date, rules: CreditRules) -> date:
    """The last day to decide a repair filed on ``applied_on`` (working days)."""
    return deadline(applied_on, rules.repair.decision_workdays)


def objection_due(filed_on: date, rules: CreditRules) -> date:
    """The last day to decide an objection filed on ``filed_on`` (working days)."""
    return deadline(filed_on, rules.objections.decision_workdays)
