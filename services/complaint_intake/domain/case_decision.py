"""The decision on a case opened from a report (立案后作出处理决定): 90 days from the day the
case was opened, extendable once by 30 days with the head's approval (负责人批准).

The numbers come from ``ComplaintRules.deadlines.case_decision``. Days are calendar
days (日), the starting day not counted; a last day that is not a working day (法定节假日,
counted with ``shared.workdays``) moves to the next working day when the rule says so.
The deadline day is still in time (``deadlines.overdue``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from services.complaint_intake.domain.rule_models import CaseDecisionRule, ComplaintKind
from shared.workdays import add_workdays, is_workday


class CaseExtensionRefused(ValueError):
    """An extension of the case decision the rules do not allow; the message says why."""


@dataclass(frozen=True)
class CaseDeadline:
    """The case decision's time limit; ``extended_by`` replaces ``due`` once set."""

    opened_on: date
    due: date
    extended_by: date | None = None
    extension_reason: str | None = None

    @property
    def in_force(self) -> date:
        return self.extended_by or self.due


def applies(kind: ComplaintKind | str, rule: CaseDecisionRule) -> bool:
    """True if an item of ``kind`` whose case is opened gets the decision deadline."""
    return ComplaintKind(kind) in rule.applies_to


def case_deadline(opened_on: date, rule: CaseDecisionRule) -> CaseDeadline:
    """The deadline of a case opened on ``opened_on``."""
    return CaseDeadline(opened_on, _last_day(opened_on + timedelta(days=rule.days), rule))


def extend_case(deadline: CaseDeadline, reason: str, today: date,
                rule: CaseDecisionRule) -> CaseDeadline:
    """The deadline extended by the rule's days, for ``reason``: once, before it passes.
    The extension runs on from the original period's end (not from a moved last day)."""
    reason = reason.strip()
    if rule.max_extensions == 0:
        raise CaseExtensionRefused("the rules allow no extension of the case decision")
    if deadline.extended_by is not None:
        raise CaseExtensionRefused(
            f"the case decision was already extended (to {deadline.extended_by}, reason: "
            f"{deadline.extension_reason!r}); a further extension needs the leaders' "
            "collective decision (集体讨论), not recorded here")
    if not reason:
        raise CaseExtensionRefused("an extension needs a reason; say why the case needs "
                                   f"{rule.extension_days} more days")
    if today > deadline.in_force:
        raise CaseExtensionRefused(
            f"the case decision deadline ({deadline.in_force}) has passed: an extension "
            "is approved before the deadline, not after")
    period_end = deadline.opened_on + timedelta(days=rule.days)
    longer = _last_day(period_end + timedelta(days=rule.extension_days), rule)
    return CaseDeadline(deadline.opened_on, deadline.due, longer, reason)


def _last_day(day: date, rule: CaseDecisionRule) -> date:
    if rule.last_day_moves_to_working_day and not is_workday(day):
        return add_workdays(day, 1)
    return day
