"""A credit record as it stood on a past day (信用报告 as of a date, CR-12).

A record's stored row says where it stands now; its repairs and objections say when it
got there. Replaying those dated changes up to a day gives its status then, and its
publicity window then (a repair or removal cut the stored end short; before that day
the regime's end applied). A severity corrected on an objection after that day is undone:
the record shows the severity it had, with that severity's publicity window.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from services.credit_rating.domain.publicity import effect_end, publicity_window
from services.credit_rating.domain.records import RecordFacts, RecordStatus, Severity
from services.credit_rating.domain.rules import CreditRules


@dataclass(frozen=True)
class StatusChange:
    """A dated change of a record's status (filed objection, decision, approved repair);
    ``order`` breaks ties on one day (a filing before its decision)."""

    record_id: str
    on: date
    status: RecordStatus
    order: int = 0


@dataclass(frozen=True)
class SeverityCorrection:
    """An objection decided ``corrected`` on ``on`` changed the record's severity from
    ``before``."""

    record_id: str
    on: date
    before: Severity


def severity_as_of(record: RecordFacts, corrections: Iterable[SeverityCorrection],
                   rules: CreditRules, as_of: date) -> RecordFacts:
    """``record`` with the severity it had on ``as_of``: the first correction after that
    day says what it was, and that severity's window says its publicity end then."""
    later = sorted((c for c in corrections if c.record_id == record.id and c.on > as_of),
                   key=lambda correction: correction.on)
    if not later:
        return record
    window = publicity_window(later[0].before, record.decided_on, rules)
    return replace(record, severity=later[0].before, publicity_end=window.maximum_end)


def record_as_of(record: RecordFacts, changes: Iterable[StatusChange], rules: CreditRules,
                 as_of: date) -> RecordFacts:
    """``record`` with the status and publicity end it had on ``as_of``; a counted
    record past its effect end reads as expired."""
    if record.status is RecordStatus.EXEMPTED or not record.negative:
        return record
    mine = sorted((c for c in changes if c.record_id == record.id and c.on <= as_of),
                  key=lambda change: (change.on, change.order))
    status = mine[-1].status if mine else RecordStatus.ACTIVE
    publicity_end = record.publicity_end
    if status is not record.status and record.status in (RecordStatus.REPAIRED,
                                                         RecordStatus.REMOVED):
        publicity_end = publicity_window(record.severity, record.decided_on, rules).maximum_end
    then = replace(record, status=status, publicity_end=publicity_end)
    if status.counts and as_of >= effect_end(then.severity, then.decided_on,
                                             then.publicity_end, rules):
        return replace(then, status=RecordStatus.EXPIRED)
    return then


def in_publicity(record: RecordFacts, published: bool, as_of: date) -> bool:
    """True if the record was publicised on ``as_of`` (decided, published, not yet at its
    publicity end, and not repaired or removed)."""
    if not published or record.decided_on > as_of:
        return False
    if record.status not in (RecordStatus.ACTIVE, RecordStatus.UNDER_OBJECTION):
        return False
    return record.publicity_end is None or as_of < record.publicity_end


def published_then(now: RecordFacts, then: RecordFacts, published_now: bool,
                   rules: CreditRules) -> bool:
    """Whether the record was published as a rule on the day of ``then``: a removal
    unpublished it, but not before the removal; a severity corrected since decides by
    the severity it had."""
    if now.status is RecordStatus.REMOVED and then.status is not RecordStatus.REMOVED:
        return publicity_window(then.severity, now.decided_on, rules).published
    if then.severity is not now.severity:
        return publicity_window(then.severity, now.decided_on, rules).published
    return published_now
