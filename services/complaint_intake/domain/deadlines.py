"""Legal deadlines of a complaint or report (处理时限), in working days.

- a complaint (投诉) is accepted or refused within 7 WD of receipt, and its mediation ends
  45 WD after acceptance without agreement;
- for a report (举报) the department decides whether to open a case (立案) within 15 WD of
  receipt, extendable once by 15 WD with a recorded reason;
- a suggestion (建议) has no legal deadline;
- a report's case, once opened, is decided within 90 days (``case_decision``).

Every deadline counts from the day the item was received (收到之日): for the public
that is the day it is filed, for a letter or a relayed 12345/12315 call the day the
relaying department says (``received_day``), never the day it is keyed in.

The numbers come from ``ComplaintRules.deadlines``; days are counted with
``shared.workdays`` (holidays and 调休), the starting day not counted. A deadline day is
still in time: the item is overdue from the next day on.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from services.complaint_intake.domain.rule_models import (
    ComplaintKind,
    DeadlineRule,
    ReceivedOnRule,
)
from services.complaint_intake.domain.rules import ComplaintRules
from shared.workdays import add_workdays, deadline


class ExtensionRefused(ValueError):
    """An extension (延期) the rules do not allow; the message says why."""


class ReceivedOnRefused(ValueError):
    """A day of receipt (收到之日) the rules do not allow; the message says why."""


def received_day(keyed_on: date, given: date | None, rule: ReceivedOnRule) -> date:
    """The day an item was received: ``given`` by the relaying department, checked against
    the day it is keyed in (not later, not more than the rule's days before), or the day
    it is keyed in when nothing is given."""
    if given is None:
        return keyed_on
    if given > keyed_on:
        raise ReceivedOnRefused(f"{given} is in the future (today is {keyed_on}); give the "
                                "day the letter or call was received")
    earliest = keyed_on - timedelta(days=rule.max_days_before)
    if given < earliest:
        raise ReceivedOnRefused(
            f"{given} is more than {rule.max_days_before} days before today ({keyed_on}); "
            f"the rules take a day of receipt from {earliest} on")
    return given


@dataclass(frozen=True)
class Deadlines:
    """The time limits of one complaint or report (处理时限); ``None`` where none applies.

    ``mediation_ends`` is known once the complaint is accepted (counted from 受理之日).
    ``decide_case_extended_by`` is set by ``extend`` and then replaces ``decide_case_by``.
    """

    kind: ComplaintKind
    rules_version: str
    accept_by: date | None
    decide_case_by: date | None
    decide_case_extended_by: date | None = None
    mediation_ends: date | None = None
    extension_reason: str | None = None
    extensions_left: int = 0
    extension_working_days: int = 0

    @property
    def decide_case_due(self) -> date | None:
        """The 立案 decision deadline in force: the extended one if there is one."""
        return self.decide_case_extended_by or self.decide_case_by


def complaint_deadlines(
    received_on: date | datetime,
    kind: ComplaintKind | str,
    rules: ComplaintRules,
    *,
    accepted_on: date | datetime | None = None,
) -> Deadlines:
    """The deadlines of an item of ``kind`` received on ``received_on``.

    An aware datetime is read in China time. Pass ``accepted_on`` once the complaint is
    accepted to get ``mediation_ends``.
    """
    kind = ComplaintKind(kind)
    table = rules.deadlines
    decide = table.decide_case
    applies = kind in decide.applies_to
    return Deadlines(
        kind=kind,
        rules_version=rules.version,
        accept_by=_due(table.accept, kind, received_on, accepted_on),
        decide_case_by=_due(decide, kind, received_on, accepted_on),
        mediation_ends=_due(table.mediation, kind, received_on, accepted_on),
        extensions_left=decide.max_extensions if applies else 0,
        extension_working_days=decide.extension_working_days if applies else 0,
    )


def extend(deadlines: Deadlines, reason: str) -> Deadlines:
    """The deadlines with the 立案 decision deadline extended (延长) once, for ``reason``.

    Raises ``ExtensionRefused`` for an item without that deadline, a blank reason, or an
    extension beyond the number the rules allow (one).
    """
    reason = reason.strip()
    if deadlines.decide_case_by is None:
        raise ExtensionRefused(
            f"a {deadlines.kind.value} has no case-opening deadline to extend; "
            "only a report (举报) can be extended"
        )
    if not reason:
        raise ExtensionRefused("an extension needs a reason; say why 15 more working days")
    if deadlines.extensions_left <= 0 and deadlines.extension_reason is None:
        raise ExtensionRefused(f"rules {deadlines.rules_version} allow no extension")
    if deadlines.extensions_left <= 0:
        raise ExtensionRefused(
            f"the case-opening deadline was already extended (reason: "
            f"{deadlines.extension_reason!r}); it can be extended only once"
        )
    current = deadlines.decide_case_due
    assert current is not None
    return replace(
        deadlines,
        decide_case_extended_by=add_workdays(current, deadlines.extension_working_days),
        extension_reason=reason,
        extensions_left=deadlines.extensions_left - 1,
    )


def overdue(due: date | None, today: date) -> bool:
    """True if ``today`` is after ``due`` (逾期); the deadline day itself is in time."""
    return due is not None and today > due


def _due(
    rule: DeadlineRule,
    kind: ComplaintKind,
    received_on: date | datetime,
    accepted_on: date | datetime | None,
) -> date | None:
    """The rule's deadline, counted from the day it names; ``None`` if it does not apply
    to ``kind`` or its starting day is not known yet."""
    start = received_on if rule.counted_from == "received" else accepted_on
    if kind not in rule.applies_to or start is None:
        return None
    return deadline(start, rule.working_days)
