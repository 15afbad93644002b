"""What grading needs to know about a market entity (市场主体) besides its records."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from services.credit_rating.domain.periods import add_years
from services.credit_rating.domain.records import RecordFacts, RecordStatus
from services.credit_rating.domain.rules import CreditRules


@dataclass(frozen=True)
class EntityFacts:
    """A market entity (市场主体) keyed by its USCC.

    ``tolerance_until`` is the end of its new-economy 包容期 when the registry set one;
    without it a new-economy entity gets ``tolerance.default_years`` from establishment.
    ``blacklisted`` is its current state on the 严重失信主体名单.
    """

    uscc: str
    established_on: date
    new_economy: bool = False
    tolerance_until: date | None = None
    blacklisted: bool = False


def tolerance_end(entity: EntityFacts, rules: CreditRules) -> date | None:
    """The last day of the entity's 包容期, or None if it is not a new-economy entity."""
    if not entity.new_economy:
        return None
    if entity.tolerance_until is not None:
        return entity.tolerance_until
    return add_years(entity.established_on, rules.tolerance.default_years)


def tolerance_problem(established_on: date, tolerance_until: date | None,
                      rules: CreditRules) -> str | None:
    """Why a registered 包容期 end lies outside the rule's span (1–3 years from the
    establishment date, CR-8), or None if it is inside (or not given)."""
    if tolerance_until is None:
        return None
    span = rules.tolerance
    earliest = add_years(established_on, span.min_years)
    latest = add_years(established_on, span.max_years)
    if earliest <= tolerance_until <= latest:
        return None
    return (f"the 包容期 lasts {span.min_years}–{span.max_years} years from established_on: "
            f"tolerance_until must be between {earliest} and {latest}, not {tolerance_until}")


def in_tolerance(entity: EntityFacts, on: date, rules: CreditRules) -> bool:
    """True if ``on`` falls inside the entity's 包容期."""
    end = tolerance_end(entity, rules)
    return end is not None and entity.established_on <= on <= end


def no_penalty_for_years(
    entity: EntityFacts, records: Iterable[RecordFacts], rules: CreditRules, as_of: date
) -> bool:
    """连续三年无行政处罚 (CR-10): no penalty decided in the last ``no_penalty.years``.

    Exempted (不予处罚) and removed records are no penalty; repaired and expired ones
    were. With ``require_existence`` a younger entity does not qualify yet.
    """
    rule = rules.no_penalty
    since = add_years(as_of, -rule.years)
    if rule.require_existence and entity.established_on > since:
        return False
    ignored = (RecordStatus.EXEMPTED, RecordStatus.REMOVED)
    return not any(
        record.kind in rule.kinds
        and since < record.decided_on <= as_of
        and record.status not in ignored
        for record in records
    )
