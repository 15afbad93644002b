"""Publicity periods (公示期限) from the rule data: how long a notice stays public.

- Penalties of market regulators (SAMR 行政处罚信息公示规定 art. 13), counted from the
  day of publication: 通报批评 or a small fine 3 months, any other penalty 3 years, a ban
  outlasting that as long as the ban.
- Credit notices and other departments' penalties: the NDRC regime in force on the
  decision day (before / from 2026-04-01), counted from the decision; 轻微 is not
  published.
- Others: a fixed number of months from publication, a commitment until it ends, a list
  entry while the entity is listed.

``ends_on`` is the first day a notice is no longer public (the day its period 届满).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from services.public_notice.domain.rules import NoticeRules
from shared.contracts.credit import Severity


@dataclass(frozen=True)
class Period:
    """A notice's period: whether it is published at all, until when, under which rule."""

    rule: str  # SAMR-13-SHORT, SAMR-13-OTHER, SAMR-13-BAN, NDRC-36-general, FIXED-36 …
    published: bool
    ends_on: date | None  # None: no end of its own (a list entry, until delisted)
    repairable_from: date | None = None  # a credit regime's minimum: 信用修复 from then

    def public_on(self, day: date) -> bool:
        return self.published and (self.ends_on is None or day < self.ends_on)


@dataclass(frozen=True)
class PenaltyFacts:
    """What decides a penalty's period; the kind, fine and ban may not be known."""

    uscc: str
    department: str
    severity: Severity | None
    decided_on: date
    penalty_kind: str | None = None
    fine_yuan: Decimal | None = None
    ban_until: date | None = None


def add_months(start: date, months: int) -> date:
    """The same day ``months`` calendar months later; a day the month lacks becomes its
    last day (2026-01-31 + 1 month = 2026-02-28)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    day = start.day
    if day > 28:  # every month has the first 28 days
        day = min(day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def penalty_period(facts: PenaltyFacts, published_on: date, rules: NoticeRules) -> Period:
    """A penalty's period: SAMR art. 13 for the departments it names, else the credit
    regime of the decision day."""
    samr = rules.file.penalty_periods
    if facts.department not in samr.departments:
        return credit_period(facts.severity or "general", facts.decided_on, rules)
    months, rule = ((samr.short_months, f"{samr.code}-SHORT") if _short(facts, rules)
                    else (samr.other_months, f"{samr.code}-OTHER"))
    ends_on = add_months(published_on, months)
    if facts.ban_until is not None and facts.ban_until >= ends_on:
        return Period(f"{samr.code}-BAN", True, facts.ban_until + timedelta(days=1))
    return Period(rule, True, ends_on)


def _short(facts: PenaltyFacts, rules: NoticeRules) -> bool:
    """仅受到通报批评或者较低数额罚款: the 3-month period. A fine of unknown amount is not
    small; a penalty of unknown kind is judged by its fine, else by its severity."""
    samr = rules.file.penalty_periods
    individual = facts.uscc[:2] in samr.individual_uscc_prefixes
    below = samr.small_fine_below_yuan.individual if individual \
        else samr.small_fine_below_yuan.organisation
    small_fine = facts.fine_yuan is not None and facts.fine_yuan < below
    if facts.penalty_kind is not None:
        return facts.penalty_kind in samr.short_kinds or (
            facts.penalty_kind in samr.small_fine_kinds and small_fine)
    severity = facts.severity or "general"
    if facts.fine_yuan is not None:
        return small_fine and severity != "serious"
    return getattr(samr.without_kind, severity) == "short"


def credit_period(severity: Severity, decided_on: date, rules: NoticeRules) -> Period:
    """The NDRC regime in force on ``decided_on``, counted from it."""
    regime = rules.regime_for(decided_on)
    period = regime.of(severity)
    code = f"{regime.code}-{severity}"
    if not period.published or period.months is None:
        return Period(code, False, None)
    repairable = None if period.minimum_months is None \
        else add_months(decided_on, period.minimum_months)
    return Period(code, True, add_months(decided_on, period.months), repairable)


def kind_period(kind: str, start: date, rules: NoticeRules,
                valid_until: date | None = None) -> Period:
    """The period of a kind with a fixed, commitment or listing period, from ``start``."""
    rule = rules.kind(kind)
    if rule.period == "listing":
        return Period("LISTING", True, None)
    if rule.period == "commitment" and valid_until is not None:
        return Period("COMMITMENT", True, valid_until + timedelta(days=1))
    months = rule.months or 12
    return Period(f"FIXED-{months}", True, add_months(start, months))
