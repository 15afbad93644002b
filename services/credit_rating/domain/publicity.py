"""Publicity windows (信用信息公示期限) of credit records under the dated regimes.

The regime is the one in force on the record's decision date, so a record decided on
2026-03-31 keeps the 2019 periods and one decided on 2026-04-01 gets the 2026 ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from services.credit_rating.domain.periods import add_months
from services.credit_rating.domain.records import RecordFacts, RecordStatus, Severity
from services.credit_rating.domain.rules import CreditRules


@dataclass(frozen=True)
class PublicityWindow:
    """When a record may leave publicity (``minimum_end``: from then on repair is
    possible) and when it must (``maximum_end``); ``regime`` is the regime's code.

    ``published`` False means the record is not published as a rule; its ends are
    still given when the regime sets a limit (轻微, 2026: at most 3 months).
    """

    published: bool
    minimum_end: date | None
    maximum_end: date | None
    regime: str


def publicity_window(severity: Severity, decided_on: date, rules: CreditRules) -> PublicityWindow:
    """The publicity window of a record of ``severity`` decided on ``decided_on``."""
    regime = rules.regime_for(decided_on)
    period = regime.of(Severity(severity))
    minimum = period.minimum_months
    if minimum is None and period.published:
        minimum = 0
    return PublicityWindow(
        published=period.published,
        minimum_end=None if minimum is None else add_months(decided_on, minimum),
        maximum_end=(
            None if period.maximum_months is None else add_months(decided_on, period.maximum_months)
        ),
        regime=regime.code,
    )


def effect_end(
    severity: Severity, decided_on: date, publicity_end: date | None, rules: CreditRules
) -> date:
    """The day a negative record stops weighing on grading and the blacklist.

    A published record weighs while it is published: until its recorded publicity end,
    or the regime's maximum end when none is recorded. A record that is not published as
    a rule weighs ``grading.unpublished_effect_months`` after its decision.
    """
    window = publicity_window(severity, decided_on, rules)
    if not window.published:
        return add_months(decided_on, rules.grading.unpublished_effect_months)
    if publicity_end is not None:
        return publicity_end
    assert window.maximum_end is not None  # rule_checks: a published severity has a maximum
    return window.maximum_end


def weighs_on(record: RecordFacts, as_of: date, rules: CreditRules) -> bool:
    """True if a negative record counts on ``as_of``: decided by then, active or under
    objection, and not past its effect end (see ``effect_end``)."""
    if not record.status.counts or record.decided_on > as_of:
        return False
    return as_of < effect_end(record.severity, record.decided_on, record.publicity_end, rules)


def status_on(record: RecordFacts, as_of: date, rules: CreditRules) -> RecordStatus:
    """The record's status on ``as_of``: an active negative record past its effect end
    (``effect_end``) has expired (公示期满), whether or not that is stored yet."""
    if record.status is RecordStatus.ACTIVE and record.negative and as_of >= effect_end(
            record.severity, record.decided_on, record.publicity_end, rules):
        return RecordStatus.EXPIRED
    return record.status
