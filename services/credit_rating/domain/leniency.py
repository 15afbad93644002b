"""Inclusive prudent supervision (包容审慎监管, CR-8): the 免罚清单 and the 包容期.

A first minor violation on the list is exempt (不予处罚, not dishonesty); inside a
new-economy tolerance period the tolerated severities lead to guidance, not a downgrade.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from services.credit_rating.domain.entity import EntityFacts, tolerance_end
from services.credit_rating.domain.periods import add_months
from services.credit_rating.domain.records import RecordFacts, RecordStatus, Severity
from services.credit_rating.domain.rules import CreditRules


@dataclass(frozen=True)
class Leniency:
    """Why a negative record costs no points: ``exempt`` or ``tolerated``, with the
    explanation shown in the grade."""

    kind: str
    explanation: str


def is_first_exempt_violation(
    new_record: RecordFacts, earlier_records: Iterable[RecordFacts], rules: CreditRules
) -> bool:
    """True if ``new_record`` is a first minor violation on the 免罚清单.

    "First" means no other record with the same violation code decided on or before it
    within ``exemptions.first_lookback_months``; earlier exempted records count (that is
    what makes the second one punishable), removed ones do not.
    """
    if not new_record.negative or new_record.severity != Severity.MINOR:
        return False
    if rules.exemption(new_record.violation_code) is None:
        return False
    lookback = rules.exemptions.first_lookback_months
    since = None if lookback is None else add_months(new_record.decided_on, -lookback)
    return not any(
        earlier.id != new_record.id
        and earlier.violation_code == new_record.violation_code
        and earlier.status != RecordStatus.REMOVED
        and earlier.decided_on <= new_record.decided_on
        and (since is None or earlier.decided_on > since)
        for earlier in earlier_records
    )


def leniency_for(
    record: RecordFacts,
    earlier_records: Iterable[RecordFacts],
    entity: EntityFacts,
    rules: CreditRules,
) -> Leniency | None:
    """The exemption or tolerance that spares ``record``, if any (exemption first)."""
    exempt = record.status == RecordStatus.EXEMPTED or (
        record.status.counts and is_first_exempt_violation(record, earlier_records, rules)
    )
    if exempt:
        entry = rules.exemption(record.violation_code)
        code = entry.code if entry else (record.violation_code or "-")
        name = f" ({entry.name})" if entry else ""
        return Leniency(
            "exempt",
            f"免罚清单 {code} 首次轻微违法, 不予处罚, 不计入失信{name} / first minor "
            f"violation on the no-penalty list: exempt, no deduction",
        )
    if tolerated(record, entity, rules):
        end = tolerance_end(entity, rules)
        assert end is not None
        return Leniency(
            "tolerated",
            f"包容期内(至 {end.isoformat()}) {record.kind.chinese}({record.severity.chinese}): "
            f"行政指导, 不降级 / inside the new-economy tolerance period: guidance, "
            f"no downgrade",
        )
    return None


def tolerated(record: RecordFacts, entity: EntityFacts, rules: CreditRules) -> bool:
    """True if ``record`` is of a tolerated severity and decided inside the entity's
    包容期 (CR-8): it calls for guidance, not a downgrade."""
    end = tolerance_end(entity, rules)
    return (end is not None and record.severity in rules.tolerance.severities
            and entity.established_on <= record.decided_on <= end)
