"""The serious-dishonesty list (严重失信主体名单 / 黑名单, CR-5) and the joint punishment
measures (联合惩戒措施) a department applies to a listed entity."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from services.credit_rating.domain.periods import add_years
from services.credit_rating.domain.publicity import weighs_on
from services.credit_rating.domain.records import RecordFacts
from services.credit_rating.domain.rule_models import Measure
from services.credit_rating.domain.rules import CreditRules

__all__ = ["BlacklistDecision", "Measure", "assess_blacklist", "measures_for"]


@dataclass(frozen=True)
class BlacklistDecision:
    """Whether the entity is listed, why, and on which records."""

    listed: bool
    reason: str
    record_ids: tuple[str, ...]


def assess_blacklist(
    records: Iterable[RecordFacts], rules: CreditRules, as_of: date,
    abnormal_since: date | None = None,
) -> BlacklistDecision:
    """Listed while at least ``blacklist.min_records`` records of the rule's severities
    (serious) are active (or under objection) and within their publicity window, or
    while the entity has been on the 经营异常名录 without a break since
    ``abnormal_since`` for the rule's years; off the list once neither holds."""
    rule = rules.blacklist
    abnormal = _abnormal_too_long(abnormal_since, rules, as_of)
    counted = sorted(
        (
            record
            for record in records
            if record.negative
            and record.severity in rule.severities
            and weighs_on(record, as_of, rules)
        ),
        key=lambda record: (record.decided_on, record.id),
    )
    enough = len(counted) >= rule.min_records
    ids = tuple(record.id for record in counted) if enough else ()
    if not enough and abnormal is None:
        return BlacklistDecision(False, "无有效严重失信记录 / no active serious record", ())
    reasons = [abnormal] if abnormal is not None else []
    if enough:
        kinds = "、".join(dict.fromkeys(record.kind.chinese for record in counted))
        reasons.insert(0, f"存在 {len(ids)} 条公示期内的严重失信记录({kinds}) / {len(ids)} "
                       f"serious record(s) within their publicity window: {', '.join(ids)}")
    return BlacklistDecision(True, "; ".join(reasons), ids)


def _abnormal_too_long(since: date | None, rules: CreditRules, as_of: date) -> str | None:
    """The reason, when the entity has been on the 经营异常名录 since ``since`` for the
    rule's years (``abnormal_list.serious_after_years``) on ``as_of``."""
    if since is None:
        return None
    rule = rules.abnormal_list
    due = add_years(since, rule.serious_after_years)
    if as_of < due:
        return None
    return (f"列入经营异常名录(自 {since.isoformat()})满 {rule.serious_after_years} 年未移出 / "
            f"on the abnormal operations list since {since.isoformat()}, "
            f"{rule.serious_after_years} years on {due.isoformat()} ({rule.basis})")


def measures_for(
    department: str, matter: str | None, rules: CreditRules, persons: bool = False
) -> list[Measure]:
    """The measures ``department`` implements against a listed entity for ``matter``.

    ``matter`` is a matter code (its category from matters.yaml also matches) or a
    category; None gives all of the department's measures. ``persons=True`` keeps only
    those extending to the legal representative and responsible persons.
    """
    keys = set() if matter is None else {matter, rules.matter_categories.get(matter, matter)}
    return [
        measure
        for measure in rules.measures
        if measure.department == department
        and (matter is None or not measure.matters or keys & set(measure.matters))
        and (measure.applies_to_persons or not persons)
    ]
