"""失信积累关注机制 (CR-7): repeated minor or general violations → 提醒约谈; another one
after the reminder → 重点关注企业名单 and a 风险预警 to departments."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from services.credit_rating.domain.entity import EntityFacts
from services.credit_rating.domain.leniency import tolerated
from services.credit_rating.domain.periods import add_months
from services.credit_rating.domain.records import RecordFacts, RecordStatus
from services.credit_rating.domain.rules import CreditRules

_COUNTED = (RecordStatus.ACTIVE, RecordStatus.UNDER_OBJECTION, RecordStatus.EXPIRED)
"""Expired records count: the violation happened, only its publicity ended."""


@dataclass(frozen=True)
class WatchDecision:
    """Whether a reminder (提醒约谈) is due and whether the entity is on the
    重点关注名单, with the records that made it so."""

    reminder_due: bool
    watchlisted: bool
    counted_record_ids: tuple[str, ...]
    reason: str = ""


def assess_watch(
    records: Iterable[RecordFacts],
    reminder_issued_on: date | None,
    rules: CreditRules,
    as_of: date,
    entity: EntityFacts | None = None,
) -> WatchDecision:
    """Apply the watchlist rule on ``as_of``.

    ``further_violations`` counted violations within ``within_months`` after a reminder
    put the entity on the list until ``listing_months`` after the last of them. While a
    reminder is less than ``within_months`` old no new one is due; otherwise
    ``violations`` counted violations within ``within_months`` make one due.

    Violations ``entity``'s 包容期 tolerates (CR-8) count toward a reminder, which is
    itself guidance (行政约谈), but never put the entity on the list.
    """
    rule = rules.watchlist
    violations = sorted(
        (
            record
            for record in records
            if record.negative
            and record.severity in rule.severities
            and record.status in _COUNTED
            and record.decided_on <= as_of
        ),
        key=lambda record: (record.decided_on, record.id),
    )
    if reminder_issued_on is not None:
        follow_up_end = add_months(reminder_issued_on, rule.within_months)
        after = [r for r in violations if reminder_issued_on < r.decided_on <= follow_up_end
                 and (entity is None or not tolerated(r, entity, rules))]
        ids = tuple(record.id for record in after)
        listed_until = add_months(after[-1].decided_on, rule.listing_months) if after else None
        if len(after) >= rule.further_violations and listed_until and as_of < listed_until:
            return WatchDecision(
                False,
                True,
                ids,
                f"提醒约谈({reminder_issued_on.isoformat()})后再次违法 {len(after)} 次, "
                f"列入重点关注企业名单至 {listed_until.isoformat()} / {len(after)} violation(s) "
                f"after the reminder: watchlisted, risk warning to departments",
            )
        if as_of < follow_up_end:
            return WatchDecision(
                False, False, ids, "已提醒约谈, 观察中 / reminder issued, watching"
            )
    since = add_months(as_of, -rule.within_months)
    recent = tuple(record.id for record in violations if record.decided_on > since)
    if len(recent) >= rule.violations:
        return WatchDecision(
            True,
            False,
            recent,
            f"{rule.within_months} 个月内轻微或一般违法失信 {len(recent)} 次, 应提醒约谈 / "
            f"{len(recent)} minor or general violations in {rule.within_months} months: "
            f"reminder and interview due",
        )
    return WatchDecision(False, False, recent, "")
